using Meiju.Data;
using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Training.Tests;

/// <summary>
/// A tiny MEIJU-layout data folder with a planted signal (stand-in until the data branch's generator lands):
/// visual frames carry the emotion, text frames the intent, audio both, plus noise; class priors are imbalanced.
/// </summary>
internal sealed class SyntheticRun : IDisposable
{
    public SyntheticRun(int train = 160, int valid = 64, int seed = 7)
    {
        Root = Path.Combine(Path.GetTempPath(), "meiju-train-tests", Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        var rng = new Random(seed);
        Write(MeijuSplit.Train, "Training", train, rng);
        Write(MeijuSplit.Valid, "Validation", valid, rng);
    }

    public string Root { get; }

    public string RunDir(string name) => Path.Combine(Root, "runs", name);

    public static TrainingConfig Config(bool joint = true, int stage1 = 6, int stage2 = 3) => new()
    {
        Name = "tiny",
        Features = [new("V", "vis", 6), new("A", "aud", 5), new("L", "txt", 8)],
        Model = new ModelOptions { Hidden = 16, FusionHeads = 2, FusionFfn = 32, TextChannels = 8, Joint = joint, Dropout = 0.1 },
        Training = new TrainingOptions
        {
            BatchSize = 16,
            LearningRate = 3e-3,
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

    private void Write(MeijuSplit split, string prefix, int n, Random rng)
    {
        var items = new List<LabelledUtterance>();
        for (var k = 0; k < n; k++)
        {
            // Imbalanced priors: class 6/7 (neutral) about 40 %, the rest spread over a few classes.
            var e = rng.NextDouble() < 0.4 ? 6 : rng.Next(0, 4);
            var i = rng.NextDouble() < 0.4 ? 7 : rng.Next(0, 4);
            var name = $"{prefix}_{k:D4}";
            items.Add(new LabelledUtterance(name, e, i));
            WriteStream("vis", name, 6, rng.Next(3, 9), rng, e, -1);
            WriteStream("aud", name, 5, rng.Next(5, 12), rng, e, i);
            WriteStream("txt", name, 8, rng.Next(4, 8), rng, -1, i);
        }

        var file = split == MeijuSplit.Train ? "Training_files.txt" : "Validation_files.txt";
        LabelListFile.Write(Path.Combine(Root, file), items, MeijuLabels.Emotion, MeijuLabels.Intent);
    }

    private void WriteStream(string feature, string name, int dim, int frames, Random rng, int emo, int intent)
    {
        var data = new float[frames * dim];
        for (var t = 0; t < frames; t++)
        {
            for (var d = 0; d < dim; d++)
            {
                var v = (float)(rng.NextDouble() - 0.5);
                if (emo >= 0 && d == Pos(emo) % dim)
                {
                    v += 1.5f;
                }

                if (intent >= 0 && d == (Pos(intent) + 1) % dim)
                {
                    v += 1.5f;
                }

                data[t * dim + d] = v;
            }
        }

        NpyFile.Write(Path.Combine(Root, feature, name + ".npy"), new NpyArray([frames, dim], data));
    }

    // Labels used here are 0..3 and the neutral class (6 or 7); give neutral its own signal position.
    private static int Pos(int label) => label >= 6 ? 4 : label;
}
