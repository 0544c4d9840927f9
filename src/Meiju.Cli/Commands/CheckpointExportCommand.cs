using System.ComponentModel;
using Meiju.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju checkpoint export</c>: writes a Meiju model's weights for PyTorch.</summary>
internal sealed class CheckpointExportCommand : Command<CheckpointExportCommand.Settings>
{
    /// <summary>Options of <c>meiju checkpoint export</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-m|--model <DIR>")]
        [Description("Meiju model folder (from `meiju checkpoint import` or training).")]
        public string Model { get; init; } = string.Empty;

        [CommandOption("--to <PATH>")]
        [Description("Where to write: a .pt/.pth file (torch.load + load_state_dict), a .safetensors file, or a folder for --format baseline-pth.")]
        public string To { get; init; } = string.Empty;

        [CommandOption("--format <FORMAT>")]
        [Description("pt, safetensors or baseline-pth (one <epoch>_net_<Name>.pth per sub-network). Default: from the file extension.")]
        public string? Format { get; init; }

        [CommandOption("--epoch <EPOCH>")]
        [Description("Epoch label for baseline-pth file names.")]
        [DefaultValue("latest")]
        public string Epoch { get; init; } = "latest";

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR> is required")
            : string.IsNullOrWhiteSpace(To) ? ValidationResult.Error("--to <PATH> is required")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var model = MeijuModel.Load(settings.Model);
        var format = settings.Format ?? Path.GetExtension(settings.To).ToLowerInvariant() switch
        {
            ".pt" or ".pth" => "pt",
            ".safetensors" => "safetensors",
            _ => throw new ArgumentException($"cannot tell the format of '{settings.To}'; pass --format pt|safetensors|baseline-pth"),
        };
        switch (format)
        {
            case "pt":
                ModelCheckpoint.ExportPyTorch(model, settings.To);
                break;
            case "safetensors":
                ModelCheckpoint.ExportSafetensors(model, settings.To);
                break;
            case "baseline-pth":
                ModelCheckpoint.ExportBaselinePth(model, settings.To, settings.Epoch);
                break;
            default:
                throw new ArgumentException($"unknown format '{format}' (expected pt, safetensors or baseline-pth)");
        }

        AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(settings.To)}[/] ({format})");
        return 0;
    }
}
