namespace Meiju.IO;

/// <summary>A dense float32 array read from or written to a NumPy <c>.npy</c> file, in C (row-major) order.</summary>
/// <param name="Shape">Dimensions, outermost first; an empty shape is a scalar.</param>
/// <param name="Data">Values in row-major order; float16 and float64 files are widened or narrowed to float32.</param>
public sealed record NpyArray(int[] Shape, float[] Data)
{
    /// <summary>Number of rows (first dimension), or 1 for a scalar.</summary>
    public int Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Product of the dimensions after the first (the feature width D of a [T, D] array).</summary>
    public int RowWidth
    {
        get
        {
            var w = 1;
            for (var i = 1; i < Shape.Length; i++)
            {
                w *= Shape[i];
            }

            return w;
        }
    }

    /// <summary>Shape as numpy prints it, e.g. <c>(4, 150, 512)</c>.</summary>
    public string ShapeText => "(" + string.Join(", ", Shape) + (Shape.Length == 1 ? ",)" : ")");
}
