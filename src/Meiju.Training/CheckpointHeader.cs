using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// Everything a resumed run needs besides the weights: where it stopped, the history so far and the best epoch.
/// Stored as the JSON header of <c>checkpoint.bin</c>.
/// </summary>
public sealed record CheckpointHeader
{
    /// <summary>Hash of the effective config and seed; a resume with anything else is refused.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Stage the last completed epoch belongs to.</summary>
    public int Stage { get; init; }

    /// <summary>Last completed 0-based epoch of <see cref="Stage"/>.</summary>
    public int Epoch { get; init; }

    /// <summary>Every completed epoch so far.</summary>
    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    /// <summary>Best validation JRBM per stage (index 0 = stage 1), or -1 before any epoch.</summary>
    public double[] BestJrbm { get; init; } = [-1, -1];

    /// <summary>Epoch of the best JRBM per stage.</summary>
    public int[] BestEpoch { get; init; } = [-1, -1];
}
