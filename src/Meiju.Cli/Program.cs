using Meiju.Cli;
using Meiju.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("meiju");
    config.SetApplicationVersion(typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0");
    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
    config.AddBranch("dataset", dataset =>
    {
        dataset.SetDescription("Inspect a MEIJU layout (label lists, splits, class balance).");
        dataset.AddCommand<DatasetStatsCommand>("stats")
            .WithDescription("Class counts per split, train imbalance ratio and the majority-class baseline (JRBM on valid); writes a bar chart PNG and JSON.")
            .WithExample("dataset", "stats", "../shared/data/meiju-labels/Track2_English")
            .WithExample("dataset", "stats", "data/Track1/English", "--track", "1", "--out", "runs/stats-t1");
    });
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("Score a predictions CSV (filename, emo_pred, int_pred) against a label list: per-class table, micro/weighted/macro F1 and the track's JRBM.")
        .WithExample("evaluate", "--predictions", "submission.csv", "--labels", "Validation_files.txt", "--track", "2")
        .WithExample("evaluate", "-p", "preds.csv", "-l", "valid_filelist.txt", "-t", "1", "--json", "report.json", "--confusion", "runs/cm");
});

return app.Run(args);
