using Meiju.IO;

namespace Meiju.Features;

/// <summary>Small helpers for building and pooling [T, D] feature arrays.</summary>
public static class FeatureArrays
{
    /// <summary>Stacks equal-length rows into a [T, D] array.</summary>
    public static NpyArray Stack(IReadOnlyList<float[]> rows, int dimension)
    {
        var data = new float[rows.Count * dimension];
        for (var t = 0; t < rows.Count; t++)
        {
            if (rows[t].Length != dimension)
            {
                throw new ArgumentException($"row {t} has {rows[t].Length} values, expected {dimension}", nameof(rows));
            }

            rows[t].CopyTo(data, t * dimension);
        }

        return new NpyArray([rows.Count, dimension], data);
    }

    /// <summary>Mean over the rows of a [T, D] array, as a D-vector.</summary>
    public static float[] MeanRows(NpyArray array)
    {
        var d = array.RowWidth;
        var mean = new double[d];
        for (var t = 0; t < array.Rows; t++)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += array.Data[(t * d) + j];
            }
        }

        return mean.Select(v => (float)(v / Math.Max(1, array.Rows))).ToArray();
    }

    /// <summary>Mean then standard deviation over the rows (utterance-level statistics pooling), a 2D-vector.</summary>
    public static float[] MeanStdRows(NpyArray array)
    {
        var d = array.RowWidth;
        var mean = MeanRows(array);
        var result = new float[2 * d];
        mean.CopyTo(result, 0);
        for (var j = 0; j < d; j++)
        {
            double sum = 0;
            for (var t = 0; t < array.Rows; t++)
            {
                var diff = array.Data[(t * d) + j] - mean[j];
                sum += diff * diff;
            }

            result[d + j] = (float)Math.Sqrt(sum / Math.Max(1, array.Rows));
        }

        return result;
    }
}
