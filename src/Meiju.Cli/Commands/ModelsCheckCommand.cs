using System.ComponentModel;
using System.Globalization;
using Meiju.Features.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary><c>meiju models check &lt;manifest&gt;</c>: load, match and time every entry of a model manifest.</summary>
internal sealed class ModelsCheckCommand(IAnsiConsole console) : Command<ModelsCheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<manifest>")]
        [Description("A model manifest (JSON), as passed to meiju extract --manifest (docs/extractors.md).")]
        public string Manifest { get; init; } = string.Empty;

        [CommandOption("--runs <N>")]
        [Description("Timed probe calls per entry after one warm-up call; the median is shown (default 3).")]
        [DefaultValue(3)]
        [Positive]
        public int Runs { get; init; } = 3;

        [CommandOption("--frames <N>")]
        [Description("Frames (or face crops) per image probe call (default 1).")]
        [DefaultValue(1)]
        [Positive]
        public int Frames { get; init; } = 1;

        [CommandOption("--audio-seconds <S>")]
        [Description("Seconds of audio per audio probe call (default 1; chunked as the entry's chunkSeconds says).")]
        [DefaultValue(1.0)]
        public double AudioSeconds { get; init; } = 1;

        [CommandOption("--device <DEVICE>")]
        [Description("Where the ONNX models run: cpu (default), cuda or cuda:N (a GPU build and CUDA 13: docs/gpu.md).")]
        [DefaultValue("cpu")]
        [DeviceName]
        public string Device { get; init; } = "cpu";

        [CommandOption("--threads <N>")]
        [Description("ONNX Runtime threads per call (default 1, as meiju extract; 0 = all cores).")]
        [DefaultValue(1)]
        public int Threads { get; init; } = 1;

        public override ValidationResult Validate() =>
            AudioSeconds is > 0 and <= 600 && Threads >= 0
                ? ValidationResult.Success()
                : ValidationResult.Error("--audio-seconds must be in (0, 600] and --threads 0 or more");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var manifest = ModelManifest.Load(settings.Manifest);
        var device = ComputeDevice.Parse(settings.Device);
        Meiju.Features.Onnx.OnnxDevice.CheckAvailable(device);
        var results = ModelCheck.Run(manifest, new ModelCheckOptions
        {
            Runs = settings.Runs, Frames = settings.Frames, AudioSeconds = settings.AudioSeconds, Threads = settings.Threads, Device = device,
        });
        var table = new Table().AddColumns("name", "kind", "inputs", "outputs", "D", "probe → features", "ms / call", "ms / unit");
        foreach (var (r, entry) in results.Zip(manifest.Models).Where(x => x.First.Ok))
        {
            table.AddRow(
                Markup.Escape(r.Name),
                r.Kind.ToString().ToLowerInvariant(),
                Markup.Escape(string.Join("\n", r.Inputs)),
                Markup.Escape(Outputs(r, entry)),
                r.Dimension.ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{r.Probe} → [{string.Join(", ", r.FeatureShape)}]"),
                r.MillisecondsPerCall.ToString("F1", CultureInfo.InvariantCulture),
                Markup.Escape($"{r.MillisecondsPerUnit.ToString("F1", CultureInfo.InvariantCulture)} / {r.Unit}"));
        }

        if (results.Any(r => r.Ok))
        {
            console.Write(table);
        }

        // Plain stderr, one line per broken entry, so scripts can grep them (Spectre would wrap long lines).
        foreach (var r in results.Where(r => !r.Ok))
        {
            Console.Error.WriteLine($"error: {manifest.SourcePath}: {r.Problem}");
        }

        var broken = results.Count(r => !r.Ok);
        console.MarkupLine(broken == 0
            ? $"[green]{results.Count} of {results.Count} entries OK[/] ({Markup.Escape(settings.Manifest)})"
            : $"[red]{broken} of {results.Count} entries broken[/] ({Markup.Escape(settings.Manifest)}); each is named above with the field to fix");
        return broken == 0 ? 0 : 1;
    }

    /// <summary>The outputs the entry reads (combined ones as one line), then how many others the graph has.</summary>
    private static string Outputs(ModelCheckResult r, ManifestEntry entry)
    {
        var read = r.Outputs.Take(r.OutputsRead).ToList();
        var shown = read.Count > 1
            ? $"{entry.Combine?.ToString().ToLowerInvariant()}({read[0].Name} … {read[^1].Name}, {read.Count}) {read[0].Type}[{string.Join(",", read[0].Shape)}]"
            : string.Join("\n", read);
        var rest = r.Outputs.Count - read.Count;
        return shown + (rest > 0 ? $" +{rest} more" : "");
    }
}
