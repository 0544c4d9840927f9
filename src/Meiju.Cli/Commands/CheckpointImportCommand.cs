using System.ComponentModel;
using Meiju.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju checkpoint import</c>: turns baseline or PyTorch weights into a Meiju model folder.</summary>
internal sealed class CheckpointImportCommand : Command<CheckpointImportCommand.Settings>
{
    /// <summary>Options of <c>meiju checkpoint import</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--from <PATH>")]
        [Description("Weights to import: a folder of per-key .npy (as the baseline fixture), a folder of the baseline's <epoch>_net_<Name>.pth files, a PyTorch state dict (.pt/.pth) or a .safetensors file.")]
        public string From { get; init; } = string.Empty;

        [CommandOption("-c|--config <NAME|FILE>")]
        [Description("Model configuration the weights belong to: a built-in name (baseline, baseline-pretrain, seed) or a JSON file.")]
        [DefaultValue("baseline")]
        public string Config { get; init; } = "baseline";

        [CommandOption("-o|--out <DIR>")]
        [Description("Model folder to write (config.json + model.safetensors). Written only if every key and shape matched.")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--epoch <EPOCH>")]
        [Description("With a .pth folder holding several epochs: which one (the part before _net_).")]
        public string? Epoch { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(From) ? ValidationResult.Error("--from <PATH> is required")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = ModelConfig.Load(settings.Config);
        using var model = ModelCheckpoint.Import(settings.From, config, settings.Epoch);
        model.Save(settings.Out);
        AnsiConsole.MarkupLine($"Imported [bold]{Markup.Escape(settings.From)}[/] as [bold]{Markup.Escape(config.Name)}[/] " +
                               $"({model.ParameterCount:N0} parameters, stage {model.Stage}) into [bold]{Markup.Escape(settings.Out)}[/]");
        return 0;
    }
}
