using Meiju.Cli;
using Meiju.Cli.Commands;
using Meiju.Synthetic;
using Spectre.Console.Cli;
using Spectre.Console.Testing;

namespace Meiju.Tests.Cli.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private const string TinyConfig = """
        {
          "name": "tiny",
          "model": {
            "name": "tiny", "stage": "joint", "hidden": 16,
            "features": { "aud": 12, "vis": 10, "txt": 16 },
            "streams": [
              { "name": "A", "modality": "A", "feature": "aud", "encoder": { "type": "lstm", "hidden": 16 } },
              { "name": "L", "modality": "T", "feature": "txt", "encoder": { "type": "textcnn", "hidden": 16, "channels": 8, "dropout": 0.1 } },
              { "name": "V", "modality": "V", "feature": "vis", "encoder": { "type": "lstm", "hidden": 16 } }
            ],
            "tokenOrder": ["V", "A", "L"],
            "fusion": { "layers": 1, "heads": 2, "ffn": 32, "dropout": 0.1 },
            "interaction": { "heads": 1 },
            "classifier": { "layers": [16, 8], "dropout": 0.1 }
          },
          "training": { "batchSize": 16, "learningRate": 0.005, "stage1": { "niter": 1, "niterDecay": 1 }, "stage2": { "niter": 1, "niterDecay": 1 } }
        }
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "meiju-cli-train-" + Guid.NewGuid().ToString("N")[..8]);

    public TrainCommandTests()
    {
        SyntheticMeijuGenerator.Generate(Path.Combine(_root, "data"), new SyntheticMeijuOptions
        {
            TrainCount = 48,
            ValidCount = 24,
            TestCount = 12,
            Features = [new("aud", 12, 6, 14), new("vis", 10, 3, 8), new("txt", 16, 2, 9)],
            Signal = 3,
        });
        File.WriteAllText(Path.Combine(_root, "tiny.json"), TinyConfig);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Train_then_evaluate_the_model_then_submit()
    {
        var data = Path.Combine(_root, "data");
        var run = Path.Combine(_root, "run");
        var (code, _) = Run("train", "--config", Path.Combine(_root, "tiny.json"), "--data", data, "--out", run, "--seed", "3", "--threads", "1", "--cpu");
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(run, "model.json")));

        (code, var output) = Run("evaluate", "--model", run, "--data", data, "--split", "valid", "--cpu");
        Assert.Equal(0, code);
        Assert.Contains("JRBM", output);
        Assert.True(File.Exists(Path.Combine(run, "predictions-valid.csv")));

        (code, _) = Run("submit", "--model", run, "--data", data, "--out", Path.Combine(_root, "sub"), "--cpu");
        Assert.Equal(0, code);
        Assert.Equal(13, File.ReadAllLines(Path.Combine(_root, "sub", "submission.csv")).Length);
        Assert.True(File.Exists(Path.Combine(_root, "sub", "submission.zip")));
    }

    [Fact]
    public void Bad_config_is_one_error_line_and_exit_code_2_with_nothing_written()
    {
        var bad = Path.Combine(_root, "bad.json");
        File.WriteAllText(bad, TinyConfig.Replace("\"vis\": 10", "\"vis\": 11", StringComparison.Ordinal));
        var run = Path.Combine(_root, "bad-run");
        var (code, _) = Run("train", "--config", bad, "--data", Path.Combine(_root, "data"), "--out", run, "--cpu");
        Assert.Equal(CliErrors.BadInput, code);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Ablate_with_methods_writes_the_method_by_metric_table()
    {
        var out_ = Path.Combine(_root, "methods");
        var (code, output) = Run("ablate", "--config", Path.Combine(_root, "tiny.json"), "--data", Path.Combine(_root, "data"), "--out", out_,
            "--methods", "ce,weighted", "--seeds", "1", "--epochs", "1", "--threads", "1", "--cpu");
        Assert.True(code == 0, output);
        var table = File.ReadAllLines(Path.Combine(out_, "imbalance-benchmark.md"));
        Assert.Contains(table, l => l.StartsWith("| ce ", StringComparison.Ordinal));
        Assert.Contains(table, l => l.StartsWith("| weighted ", StringComparison.Ordinal));

        (code, _) = Run("ablate", "--config", Path.Combine(_root, "tiny.json"), "--data", Path.Combine(_root, "data"), "--out", out_, "--methods", "nonsense");
        Assert.Equal(CliErrors.BadInput, code);
    }

    private static (int ExitCode, string Output) Run(params string[] args) => CliHarness.Run(args);
}
