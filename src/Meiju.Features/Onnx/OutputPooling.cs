using Meiju.Features.Models;

namespace Meiju.Features.Onnx;

/// <summary>Turns a model output of rank 2–4 into per-item rows of width D.</summary>
internal static class OutputPooling
{
    /// <summary>
    /// Pools <paramref name="data"/> of <paramref name="shape"/> (batch first) into, per batch item, a list of D-rows:
    /// [B, D] gives one row; [B, T, D] gives T rows (pooling none) or one; [B, D, H, W] and [B, H, W, D] are averaged
    /// (or max-pooled) over space.
    /// </summary>
    /// An optional [B, T] attention mask drops masked positions (none) or leaves them out of mean and max.
    public static List<List<float[]>> Pool(float[] data, long[] shape, int dim, Pooling pooling, string modelName, long[]? mask = null)
    {
        if (shape.Length is < 2 or > 4)
        {
            throw new InvalidOperationException($"model '{modelName}' output has rank {shape.Length} ({string.Join("x", shape)}); expected 2 to 4");
        }

        var batch = (int)shape[0];
        var items = new List<List<float[]>>(batch);
        var per = data.Length / Math.Max(1, batch);
        if (shape.Length == 2)
        {
            Check(shape[1], dim, shape, modelName);
            for (var b = 0; b < batch; b++)
            {
                items.Add([data.AsSpan(b * dim, dim).ToArray()]);
            }

            return items;
        }

        if (shape.Length == 4)
        {
            var channelsFirst = shape[1] == dim;
            if (!channelsFirst && shape[3] != dim)
            {
                Check(shape[1], dim, shape, modelName);
            }

            var positions = per / dim;
            for (var b = 0; b < batch; b++)
            {
                var row = new float[dim];
                var offset = b * per;
                for (var c = 0; c < dim; c++)
                {
                    var acc = pooling == Pooling.Max ? float.NegativeInfinity : 0f;
                    for (var p = 0; p < positions; p++)
                    {
                        var v = channelsFirst ? data[offset + (c * positions) + p] : data[offset + (p * dim) + c];
                        acc = pooling == Pooling.Max ? Math.Max(acc, v) : acc + v;
                    }

                    row[c] = pooling == Pooling.Max ? acc : acc / positions;
                }

                items.Add([row]);
            }

            return items;
        }

        Check(shape[2], dim, shape, modelName);
        var steps = (int)shape[1];
        for (var b = 0; b < batch; b++)
        {
            var rows = new List<float[]>();
            for (var t = 0; t < steps; t++)
            {
                if (mask is null || mask[(b * steps) + t] != 0)
                {
                    rows.Add(data.AsSpan((b * per) + (t * dim), dim).ToArray());
                }
            }

            items.Add(pooling switch
            {
                Pooling.None => rows,
                Pooling.Cls => rows.Count > 0 ? [rows[0]] : [],
                Pooling.Mean => rows.Count > 0 ? [Reduce(rows, dim, max: false)] : [],
                _ => rows.Count > 0 ? [Reduce(rows, dim, max: true)] : [],
            });
        }

        return items;
    }

    private static float[] Reduce(List<float[]> rows, int dim, bool max)
    {
        var r = new float[dim];
        if (max)
        {
            Array.Fill(r, float.NegativeInfinity);
        }

        foreach (var row in rows)
        {
            for (var j = 0; j < dim; j++)
            {
                r[j] = max ? Math.Max(r[j], row[j]) : r[j] + row[j];
            }
        }

        if (!max)
        {
            for (var j = 0; j < dim; j++)
            {
                r[j] /= rows.Count;
            }
        }

        return r;
    }

    private static void Check(long actual, int dim, long[] shape, string modelName)
    {
        if (actual != dim)
        {
            throw new InvalidOperationException(
                $"model '{modelName}' output is {string.Join("x", shape)} but the manifest says outputDim {dim}; fix 'outputDim' or 'output'");
        }
    }
}
