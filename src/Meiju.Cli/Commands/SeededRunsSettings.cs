using System.ComponentModel;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// Options every multi-run command shares (<c>ablate</c>, <c>bench text</c>, <c>bench imbalance</c>): features,
/// seeds, epochs and the device. Each command adds its config, data and output options with its own wording.
/// </summary>
internal abstract class SeededRunsSettings : CommandSettings
{
    [CommandOption("--features-root <DIR>")]
    [Description("Folder of <feature>/<utterance>.npy. Default: <data>/features when it exists, else <data>.")]
    public string? FeaturesRoot { get; init; }

    [CommandOption("--seeds <N>")]
    [Description("Seeds per setting (mean ± std over them).")]
    [DefaultValue(3)]
    [Positive]
    public int Seeds { get; init; } = 3;

    [CommandOption("--first-seed <N>")]
    [Description("Seeds used are N, N+1, ...")]
    [DefaultValue(1L)]
    public long FirstSeed { get; init; } = 1;

    [CommandOption("--epochs <N>")]
    [Description("Epochs per stage instead of the config's.")]
    [Positive]
    public int? Epochs { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Torch CPU threads.")]
    [Positive]
    public int? Threads { get; init; }

    [CommandOption("--cpu")]
    [Description("Use the CPU even when CUDA is available.")]
    public bool Cpu { get; init; }
}
