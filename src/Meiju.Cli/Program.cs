using Meiju.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("meiju");
    config.SetApplicationVersion(typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0");
    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
    config.AddCommand<Meiju.Cli.Commands.ExtractCommand>("extract")
        .WithDescription("Extract frozen features (resnet18, fer, logmel, mfcc_prosody, minilm_*, manifest models) into feature_root/<feature>/<item>.npy; resumable and shardable.")
        .WithExample("extract", "--videos", "clips/", "--out", "features/", "--features", "logmel,mfcc_prosody", "--shard", "0/4");
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks and evaluations on real data.");
        bench.AddCommand<Meiju.Cli.Commands.FeaturesEvalCommand>("features-eval")
            .WithDescription("Linear probes of the default features: FER-2013 (fer) and RAVDESS speaker-independent (audio).");
        bench.AddCommand<Meiju.Cli.Commands.ExtractorsBenchCommand>("extractors")
            .WithDescription("Per-extractor wall and CPU time on synthetic media, and the real-time factor each allows per core.");
    });
});

return app.Run(args);
