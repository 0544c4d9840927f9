using Meiju.Cli;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("meiju");
    config.SetApplicationVersion(typeof(Program).Assembly.GetName().Version?.ToString() ?? "0.0.0");
    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
    config.AddBranch("checkpoint", checkpoint =>
    {
        checkpoint.SetDescription("Move model weights between the official PyTorch baseline and Meiju.");
        checkpoint.AddCommand<Meiju.Cli.Commands.CheckpointImportCommand>("import")
            .WithDescription("Import per-key .npy, baseline <epoch>_net_<Name>.pth, .pt or .safetensors weights into a Meiju model folder.")
            .WithExample("checkpoint", "import", "--from", "../shared/reference/baseline-fixture", "--config", "baseline", "--out", "runs/baseline-fixture");
        checkpoint.AddCommand<Meiju.Cli.Commands.CheckpointExportCommand>("export")
            .WithDescription("Export a Meiju model folder as a PyTorch .pt state dict, safetensors, or the baseline's per-network .pth files.")
            .WithExample("checkpoint", "export", "--model", "runs/baseline-fixture", "--to", "baseline.pt");
    });
    config.AddCommand<Meiju.Cli.Commands.ForwardCommand>("forward")
        .WithDescription("Run a model on input_<stream>.npy files and write every head's logits as .npy.")
        .WithExample("forward", "--model", "runs/baseline-fixture", "--inputs", "../shared/reference/baseline-fixture", "--out", "runs/forward");
});

return app.Run(args);
