using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Meiju.Training;

/// <summary>Options of an ablation grid.</summary>
public sealed record AblationOptions
{
    /// <summary>Data folder.</summary>
    public required string DataRoot { get; init; }

    /// <summary>Feature root (default: see <see cref="TrainingRunOptions.FeatureRoot"/>).</summary>
    public string? FeatureRoot { get; init; }

    /// <summary>Folder of the grid: one run folder per cell and seed, plus the tables.</summary>
    public required string OutDir { get; init; }

    /// <summary>Seeds per cell.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>The first seed; cell runs use FirstSeed, FirstSeed+1, ...</summary>
    public long FirstSeed { get; init; } = 1;

    /// <summary>Modality subsets (letters V, A, T), in table order.</summary>
    public IReadOnlyList<string> Subsets { get; init; } = ["V", "A", "T", "VA", "VT", "AT", "VAT"];

    /// <summary>Joint module settings to try (false = one stage without it).</summary>
    public IReadOnlyList<bool> Joint { get; init; } = [false, true];

    /// <summary>Epochs per stage instead of the config's, when set.</summary>
    public int? Epochs { get; init; }

    /// <summary>Torch threads.</summary>
    public int? Threads { get; init; }

    /// <summary>Force the CPU.</summary>
    public bool Cpu { get; init; }

    /// <summary>Called when a run starts: (cell label, run index, total runs).</summary>
    public Action<string, int, int>? OnRun { get; init; }

    /// <summary>Forwarded to each run.</summary>
    public Action<TrainingProgress>? Progress { get; init; }
}
