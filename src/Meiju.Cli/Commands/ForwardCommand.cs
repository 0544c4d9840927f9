using System.ComponentModel;
using Meiju.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju forward</c>: runs a model on input_*.npy files and writes every head's logits.</summary>
internal sealed class ForwardCommand : Command<ForwardCommand.Settings>
{
    /// <summary>Options of <c>meiju forward</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-m|--model <DIR>")]
        [Description("Meiju model folder (config.json + model.safetensors).")]
        public string Model { get; init; } = string.Empty;

        [CommandOption("-i|--inputs <DIR>")]
        [Description("Folder with input_<stream>.npy per stream, [[B, T, D]] float (baseline: input_A.npy, input_V.npy, input_L.npy).")]
        public string Inputs { get; init; } = string.Empty;

        [CommandOption("-o|--out <DIR>")]
        [Description("Folder for out_emo_logits.npy, out_int_logits.npy, out_emo_logits_fusion.npy, out_int_logits_fusion.npy, out_*_pred.npy.")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--threads <N>")]
        [Description("Torch CPU threads (0 = TorchSharp's default).")]
        [DefaultValue(0)]
        public int Threads { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model <DIR> is required")
            : string.IsNullOrWhiteSpace(Inputs) ? ValidationResult.Error("--inputs <DIR> is required")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Threads > 0)
        {
            TorchSharp.torch.set_num_threads(settings.Threads);
        }

        using var model = MeijuModel.Load(settings.Model);
        var written = ForwardRunner.Run(model, settings.Inputs, settings.Out);
        foreach (var path in written)
        {
            AnsiConsole.MarkupLine("wrote " + Markup.Escape(path));
        }

        return 0;
    }
}
