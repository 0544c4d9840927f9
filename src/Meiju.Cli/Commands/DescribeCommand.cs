using System.ComponentModel;
using Meiju.Descriptions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli.Commands;

/// <summary>
/// <c>meiju describe</c>: asks vision- and audio-language model servers the prompt set about every video and
/// caches the answers as text streams. Exit code 0 when every item has an answer, 1 when any failed.
/// </summary>
internal sealed class DescribeCommand : AsyncCommand<DescribeCommand.Settings>
{
    /// <summary>Exit code when the run finished but some items failed (they are retried by the next run).</summary>
    public const int SomeFailed = 1;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--videos <DIR>")]
        [Description("Folder of utterance media files (mp4, mkv, avi, ...); the file name is the utterance name.")]
        public string? Videos { get; init; }

        [CommandOption("--out <STORE>")]
        [Description("Description store (SQLite); created if absent, resumed if present.")]
        public string? Out { get; init; }

        [CommandOption("--vlm <URL>")]
        [Description("Vision-language endpoint(s), e.g. http://gpu1:8000/v1; repeat or comma-separate for several.")]
        public string[] Vlm { get; init; } = [];

        [CommandOption("--alm <URL>")]
        [Description("Audio-language endpoint(s); repeat or comma-separate for several.")]
        public string[] Alm { get; init; } = [];

        [CommandOption("--vlm-model <NAME>")]
        [Description("Model name served at the vision endpoints.")]
        [DefaultValue("Qwen/Qwen2-VL-7B-Instruct")]
        public string VlmModel { get; init; } = "Qwen/Qwen2-VL-7B-Instruct";

        [CommandOption("--alm-model <NAME>")]
        [Description("Model name served at the audio endpoints.")]
        [DefaultValue("Qwen/Qwen2-Audio-7B-Instruct")]
        public string AlmModel { get; init; } = "Qwen/Qwen2-Audio-7B-Instruct";

        [CommandOption("--prompts <JSON>")]
        [Description("Prompt set file (default: the seed paper's three prompts).")]
        public string? Prompts { get; init; }

        [CommandOption("--concurrency <N>")]
        [Description("Requests in flight at once, over all endpoints.")]
        [DefaultValue(4)]
        [Positive]
        public int Concurrency { get; init; } = 4;

        [CommandOption("--timeout <SECONDS>")]
        [Description("Limit for one request.")]
        [DefaultValue(120.0)]
        [Positive]
        public double Timeout { get; init; } = 120;

        [CommandOption("--attempts <N>")]
        [Description("Requests per item at most (429, 5xx, timeouts and refused connections are retried with back-off).")]
        [DefaultValue(4)]
        [Positive]
        public int Attempts { get; init; } = 4;

        [CommandOption("--max-answer-chars <N>")]
        [Description("Longer answers are recorded as failures.")]
        [DefaultValue(8000)]
        [Positive]
        public int MaxAnswerChars { get; init; } = 8000;

        [CommandOption("--max-tokens <N>")]
        [Description("Tokens a model may generate per answer.")]
        [DefaultValue(512)]
        [Positive]
        public int MaxTokens { get; init; } = 512;

        [CommandOption("--frames <N>")]
        [Description("Frames sent per utterance to the vision model.")]
        [DefaultValue(4)]
        [Positive]
        public int Frames { get; init; } = 4;

        [CommandOption("--seed <N>")]
        [Description("Seeds retry jitter and is sent as the request seed.")]
        [DefaultValue(0)]
        public int Seed { get; init; }

        [CommandOption("--api-key-env <VAR>")]
        [Description("Environment variable holding the API key (default MEIJU_API_KEY). Keys are never taken as arguments.")]
        public string? ApiKeyEnv { get; init; }

        [CommandOption("--api-key-file <PATH>")]
        [Description("File whose first line is the API key.")]
        public string? ApiKeyFile { get; init; }

        [CommandOption("--export <PATH>")]
        [Description("Also write every row to a .csv or .jsonl file after the run.")]
        public string? Export { get; init; }

        [CommandOption("--log <PATH>")]
        [Description("Append one line per retry or failure to this file.")]
        public string? Log { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrEmpty(Videos) || string.IsNullOrEmpty(Out))
            {
                return ValidationResult.Error("--videos and --out are required");
            }

            return Vlm.Length == 0 && Alm.Length == 0
                ? ValidationResult.Error("give --vlm, --alm or both")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var prompts = settings.Prompts is null ? PromptSet.Default : PromptSet.Load(settings.Prompts);
            var vision = settings.Vlm.Length > 0 ? new DescriptionServer(settings.VlmModel, DescriptionServer.ParseEndpoints(settings.Vlm)) : null;
            var audio = settings.Alm.Length > 0 ? new DescriptionServer(settings.AlmModel, DescriptionServer.ParseEndpoints(settings.Alm)) : null;
            var media = Describer.FindMedia(settings.Videos!);
            await using var log = settings.Log is null ? null : new StreamWriter(settings.Log, append: true) { AutoFlush = true };
            var options = new DescribeOptions
            {
                Concurrency = settings.Concurrency,
                Timeout = TimeSpan.FromSeconds(settings.Timeout),
                MaxAttempts = settings.Attempts,
                MaxAnswerChars = settings.MaxAnswerChars,
                MaxOutputTokens = settings.MaxTokens,
                Seed = settings.Seed,
                ApiKey = ApiKey.Resolve(settings.ApiKeyEnv, settings.ApiKeyFile),
                Log = log,
            };
            using var store = DescriptionStore.Open(settings.Out!);
            using var describer = new Describer(store, new FfmpegDescriptionMediaSource { FrameCount = settings.Frames }, prompts, vision, audio, options);
            AnsiConsole.MarkupLine($"describing [bold]{media.Count}[/] utterance(s) × {describer.ActivePrompts.Count} prompt(s) → {Markup.Escape(store.Path)}");

            DescribeSummary summary = null!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("describe", maxValue: Math.Max(1, media.Count * describer.ActivePrompts.Count));
                    var progress = new InlineProgress(p =>
                    {
                        task.Value = p.Finished;
                        task.Description = $"done {p.Done}, cached {p.Cached}, failed {p.Failed}";
                    });
                    summary = await describer.RunAsync(media, progress, cts.Token).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }).ConfigureAwait(false);

            AnsiConsole.MarkupLine($"done [green]{summary.Done}[/], cached [blue]{summary.Cached}[/], failed [red]{summary.Failed}[/]");
            foreach (var f in summary.Failures.Take(10))
            {
                AnsiConsole.MarkupLine($"  [red]{Markup.Escape(f.Key.Utterance)}/{Markup.Escape(f.Key.Stream)}[/]: {Markup.Escape(f.Error ?? "")}");
            }

            if (summary.Failures.Count > 10)
            {
                AnsiConsole.MarkupLine($"  … and {summary.Failures.Count - 10} more (see the store or --export)");
            }

            if (settings.Export is not null)
            {
                store.Export(settings.Export);
                AnsiConsole.MarkupLine($"exported to {Markup.Escape(settings.Export)}");
            }

            return summary.Failed > 0 ? SomeFailed : 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Applies reports at once, in order (<see cref="Progress{T}"/> would post them to the thread pool, out of order).</summary>
    private sealed class InlineProgress(Action<DescribeProgress> apply) : IProgress<DescribeProgress>
    {
        public void Report(DescribeProgress value) => apply(value);
    }
}
