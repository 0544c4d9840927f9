using System.ComponentModel;
using System.Globalization;
using Meiju.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju dataset h5-to-npy</c>: converts MC-EIU .h5 features to the official per-utterance .npy layout.</summary>
internal sealed class DatasetH5ToNpyCommand : Command<DatasetH5ToNpyCommand.Settings>
{
    /// <summary>Options of <c>meiju dataset h5-to-npy</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE.h5>")]
        [Description("HDF5 file with groups A/, V/, L/ holding one [[T, D]] dataset per utterance.")]
        public string File { get; init; } = string.Empty;

        [CommandOption("-o|--out <FEATURE_ROOT>")]
        [Description("Feature root to write: <FEATURE_ROOT>/<feature>/<utterance>.npy.")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("-n|--name <GROUP=FEATURE>")]
        [Description("Rename a group's folder, repeatable, e.g. -n A=wav2vec -n V=resnet -n L=roberta. Default: the group name.")]
        public string[] Names { get; init; } = [];

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <FEATURE_ROOT> is required") : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in settings.Names)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ArgumentException($"--name '{pair}': expected GROUP=FEATURE, e.g. A=wav2vec");
            }

            names[parts[0]] = parts[1];
        }

        using var h5 = MeijuH5Features.Open(settings.File);
        var written = 0;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("writing .npy files");
                written = h5.ExportNpy(settings.Out, names, new TaskProgress(task), cancellationToken);
            });
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Wrote {0} files for {1} under {2}", written, Markup.Escape(string.Join(", ", h5.Modalities.Select(m => names.GetValueOrDefault(m, m)))), Markup.Escape(settings.Out));
        return 0;
    }
}
