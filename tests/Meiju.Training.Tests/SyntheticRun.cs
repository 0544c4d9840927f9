using Meiju.Model;
using Meiju.Synthetic;

namespace Meiju.Training.Tests;

/// <summary>
/// A small synthetic MEIJU-layout dataset (the data library's generator, planted signal) in a temporary folder,
/// and a tiny baseline-shaped model config that trains on it in seconds.
/// </summary>
internal sealed class SyntheticRun : IDisposable
{
    public SyntheticRun(int train = 160, int valid = 64, int test = 16, long seed = 7, bool imbalanced = false)
    {
        Root = Path.Combine(Path.GetTempPath(), "meiju-train-tests", Guid.NewGuid().ToString("N")[..10]);
        SyntheticMeijuGenerator.Generate(Root, new SyntheticMeijuOptions
        {
            TrainCount = train,
            ValidCount = valid,
            TestCount = test,
            Features = [new("aud", 12, 6, 14), new("vis", 10, 3, 8), new("txt", 16, 2, 9)],
            Signal = 3.0,
            Imbalanced = imbalanced,
            Seed = seed,
        });
    }

    public string Root { get; }

    public string RunDir(string name) => Path.Combine(Root, "runs", name);

    public static ModelConfig Model(bool joint = true) => ModelConfig.Parse(
        $$"""
        {
          "name": "tiny",
          "stage": "{{(joint ? "joint" : "pretrain")}}",
          "hidden": 16,
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
        }
        """,
        "tiny");

    public static TrainingConfig Config(bool joint = true, int stage1 = 6, int stage2 = 6) => new()
    {
        Name = "tiny",
        Model = Model(joint),
        Training = new TrainingOptions
        {
            BatchSize = 16,
            LearningRate = 5e-3,
            Stage1 = new StageSchedule(stage1 / 2, stage1 - stage1 / 2),
            Stage2 = new StageSchedule(stage2 / 2, stage2 - stage2 / 2),
        },
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
