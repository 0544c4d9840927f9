using Meiju.Cli;
using Meiju.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("meiju");
    config.SetApplicationVersion(typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0");
    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("Score a predictions CSV (filename, emo_pred, int_pred) against a label list: per-class table, micro/weighted/macro F1 and the track's JRBM.")
        .WithExample("evaluate", "--predictions", "submission.csv", "--labels", "Validation_files.txt", "--track", "2")
        .WithExample("evaluate", "-p", "preds.csv", "-l", "valid_filelist.txt", "-t", "1", "--json", "report.json", "--confusion", "runs/cm");
    config.AddCommand<Meiju.Cli.Commands.ExtractCommand>("extract")
        .WithDescription("Extract frozen features (resnet18, fer, logmel, mfcc_prosody, minilm_*, manifest models) into feature_root/<feature>/<item>.npy; resumable and shardable.")
        .WithExample("extract", "--videos", "clips/", "--out", "features/", "--features", "logmel,mfcc_prosody", "--shard", "0/4");
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks and evaluations on real data.");
        bench.AddCommand<Meiju.Cli.Commands.FeaturesEvalCommand>("features-eval")
            .WithDescription("Linear probes of the default features: FER-2013 (fer) and RAVDESS speaker-independent (audio).");
    });
});

// ---- dataset branch: data layer (issue 2). `dataset stats` belongs in this block too. ----
app.Configure(config =>
{
    config.AddBranch("dataset", dataset =>
    {
        dataset.SetDescription("Work with datasets in the MEIJU layout (label lists, transcriptions, feature folders).");
        dataset.AddCommand<DatasetSynthCommand>("synth")
            .WithDescription("Write a synthetic MEIJU-layout dataset with a planted, learnable signal (for tests and demos).")
            .WithExample("dataset", "synth", "--out", "runs/synth", "--train", "600", "--valid", "200", "--test", "200", "--seed", "7")
            .WithExample("dataset", "synth", "--out", "runs/tiny", "-f", "A:16:8-20", "-f", "V:12:4-10", "-f", "L:24:4-12", "--imbalanced");
        dataset.AddCommand<DatasetStatsCommand>("stats")
            .WithDescription("Class counts per split, train imbalance ratio and the majority-class baseline (JRBM on valid); writes a bar chart PNG and JSON.")
            .WithExample("dataset", "stats", "../shared/data/meiju-labels/Track2_English")
            .WithExample("dataset", "stats", "data/Track1/English", "--track", "1", "--out", "runs/stats-t1");
        dataset.AddCommand<DatasetValidateCommand>("validate")
            .WithDescription("Check label lists and every feature file up front; list ALL problems, each naming its file and line.")
            .WithExample("dataset", "validate", "samples/meiju-mini")
            .WithExample("dataset", "validate", "../shared/data/meiju-labels/Track2_English", "--labels-only");
        dataset.AddCommand<DatasetH5ToNpyCommand>("h5-to-npy")
            .WithDescription("Convert MC-EIU .h5 features (A/, V/, L/ groups) to <feature root>/<feature>/<utterance>.npy.")
            .WithExample("dataset", "h5-to-npy", "features.h5", "--out", "feats", "-n", "A=wav2vec", "-n", "V=resnet", "-n", "L=roberta");
    });
});
// ---- end of dataset branch ----

return app.Run(args);
