using System.Text.Json;
using Meiju.Data;
using Meiju.IO;
using Meiju.Labels;

namespace Meiju.Synthetic;

/// <summary>
/// Writes a dataset in the official MEIJU layout with a planted, learnable signal, so training and evaluation can
/// be tested end to end in seconds: label lists (<c>Training_files.txt</c>, <c>Validation_files.txt</c>,
/// <c>Testing_files.txt</c> with names only, plus <c>Testing_answers.txt</c> with the hidden labels),
/// transcription CSVs, <c>features/&lt;name&gt;/&lt;utterance&gt;.npy</c> and <c>synthetic.json</c> (the options).
/// </summary>
/// <remarks>
/// Signal: in every feature, a random subset of dimensions is shifted by a class-dependent mean for the emotion
/// and another subset for the intent (each about <see cref="SyntheticMeijuOptions.SignalFraction"/> of D), on
/// every frame, with a per-utterance amplitude in [0.5, 1.5] over unit Gaussian noise; each feature also has its
/// own offset and scale per dimension, like real encoder outputs. So each modality alone predicts both labels.
/// Sentences carry a cue word for each label with probability signal/(1 + signal). Intents follow the emotion's
/// partner intent with probability <see cref="SyntheticMeijuOptions.Correlation"/>. The same options give the
/// same bytes: every draw comes from a <see cref="SyntheticRandom"/> stream keyed by (seed, purpose, split, index).
/// </remarks>
public static class SyntheticMeijuGenerator
{
    /// <summary>The file that marks a folder as generated here (and holds the options).</summary>
    public const string MarkerFile = "synthetic.json";

    /// <summary>The label list of the test split with its labels, which the official layout keeps hidden.</summary>
    public const string TestAnswersFile = "Testing_answers.txt";

    private const ulong PurposePlan = 1, PurposeLabels = 2, PurposeFrames = 3, PurposeText = 4;

    private static readonly string[][] EmotionCues =
    [
        ["great", "wonderful", "love this", "so glad"],
        ["wow", "really", "no way", "unbelievable"],
        ["miss her", "so sorry", "lost it all", "heartbroken"],
        ["gross", "disgusting", "awful smell", "revolting"],
        ["furious", "shut up", "how dare you", "I hate this"],
        ["scared", "afraid", "terrified", "what was that noise"],
        [],
    ];

    private static readonly string[][] IntentCues =
    [
        ["why", "what happened", "where were you", "is it true"],
        ["yes exactly", "I agree", "you are right", "sure"],
        ["okay", "I see", "got it", "alright then"],
        ["you can do it", "keep going", "go for it", "don't give up"],
        ["it's alright", "don't worry", "it will be fine", "I am here for you"],
        ["maybe we should", "how about", "let's try", "you could"],
        ["I hope", "good luck", "happy birthday", "I wish"],
        [],
    ];

    private static readonly string[] Filler =
    [
        "the", "a", "we", "you", "it", "that", "this", "today", "just", "now", "there", "here", "then", "so", "well",
        "office", "dinner", "tomorrow", "car", "money", "call", "meeting", "house", "time", "night", "work", "phone",
    ];

    /// <summary>
    /// Partner intent of each emotion (official orders): happy → encouraging, surprise → questioning, sad →
    /// consoling, disgust → suggesting, anger → questioning, fear → consoling, neutral → neutral.
    /// </summary>
    public static IReadOnlyList<int> PartnerIntent { get; } = [3, 0, 4, 5, 0, 4, 7];

    /// <summary>Writes the dataset into <paramref name="outputFolder"/> and returns what it wrote.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="MeijuDataException">The folder holds other files (it must be empty or an earlier synthetic dataset).</exception>
    public static SyntheticMeijuResult Generate(string outputFolder, SyntheticMeijuOptions options, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Check();
        var root = Path.GetFullPath(outputFolder);
        PrepareFolder(root);
        var featureRoot = Path.Combine(root, "features");
        var emotion = options.EmotionLabels;
        var intent = options.IntentLabels;
        var partner = options.IsMeiju ? PartnerIntent : [.. Enumerable.Range(0, emotion.Count).Select(e => e % intent.Count)];

        var plans = options.Features.Select((f, i) => Plan.Create(f, i, options, emotion.Count, intent.Count)).ToArray();
        var emotionPriors = options.EmotionPriors ?? (options.Imbalanced ? SyntheticMeijuOptions.Track2EnglishEmotionCounts : Uniform(emotion.Count));
        var intentPriors = options.IntentPriors ?? (options.Imbalanced ? SyntheticMeijuOptions.Track2EnglishIntentCounts : Uniform(intent.Count));
        var cueProbability = options.Signal / (1 + options.Signal);

        var counts = new Dictionary<MeijuSplit, int>
        {
            [MeijuSplit.Train] = options.TrainCount,
            [MeijuSplit.Valid] = options.ValidCount,
            [MeijuSplit.Test] = options.TestCount,
        };
        var total = counts.Values.Sum();
        var done = 0;
        var files = 0;
        var utterancesBySplit = new Dictionary<MeijuSplit, IReadOnlyList<LabelledUtterance>>();
        foreach (var (split, count) in counts)
        {
            var utterances = new List<LabelledUtterance>(count);
            var rows = new List<TranscriptionRow>(count);
            for (var n = 0; n < count; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = $"{options.NamePrefix}_{SplitWord(split)}_{n + 1:D5}";
                var labels = new SyntheticRandom(options.Seed, SyntheticRandom.StreamId(PurposeLabels, (ulong)split, (ulong)n));
                var e = labels.NextCategorical(emotionPriors);
                var i = labels.NextDouble() < options.Correlation ? partner[e] : labels.NextCategorical(intentPriors);
                var amplitude = 0.5 + labels.NextDouble();
                var utterance = new LabelledUtterance(name, e, i, n + 1);
                utterances.Add(utterance);

                foreach (var plan in plans)
                {
                    var rng = new SyntheticRandom(options.Seed, SyntheticRandom.StreamId(PurposeFrames, (ulong)plan.Index, (ulong)split, (ulong)n));
                    // Regenerable from the seed, so no fsync per file (it dominated the run time).
                    NpyFile.Write(Path.Combine(featureRoot, plan.Feature.Name, name + ".npy"), plan.Frames(rng, e, i, amplitude), flushToDisk: false);
                    files++;
                }

                var text = new SyntheticRandom(options.Seed, SyntheticRandom.StreamId(PurposeText, (ulong)split, (ulong)n));
                var sentence = Sentence(text, options.IsMeiju ? e : EmotionCues.Length - 1, options.IsMeiju ? i : IntentCues.Length - 1, cueProbability);
                rows.Add(split == MeijuSplit.Test ? new TranscriptionRow(name, sentence) : new TranscriptionRow(name, sentence, e, i));
                done++;
                progress?.Report((done, total));
            }

            utterancesBySplit[split] = utterances;
            var listName = LabelListFile.FileNames(split)[0];
            var csvName = TranscriptionCsv.FileNames(split)[0];
            if (split == MeijuSplit.Test)
            {
                LabelListFile.Write(Path.Combine(root, listName), utterances.Select(u => u with { Emotion = -1, Intent = -1 }), emotion, intent);
                LabelListFile.Write(Path.Combine(root, TestAnswersFile), utterances, emotion, intent);
                files++;
            }
            else
            {
                LabelListFile.Write(Path.Combine(root, listName), utterances, emotion, intent);
            }

            TranscriptionCsv.Write(Path.Combine(root, csvName), rows, emotion, intent);
            files += 2;
        }

        if (!options.IsMeiju)
        {
            DatasetLabelSets.Write(root, emotion, intent);
            files++;
        }

        AtomicFile.WriteAllText(Path.Combine(root, MarkerFile), Describe(options, emotionPriors, intentPriors, partner));
        files++;
        var bytes = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return new SyntheticMeijuResult(root, featureRoot, utterancesBySplit, files, bytes);
    }

    private static string SplitWord(MeijuSplit split) => split switch
    {
        MeijuSplit.Train => "Training",
        MeijuSplit.Valid => "Validation",
        _ => "Testing",
    };

    private static double[] Uniform(int n) => Enumerable.Repeat(1.0, n).ToArray();

    private static void PrepareFolder(string root)
    {
        if (!Directory.Exists(root) || !Directory.EnumerateFileSystemEntries(root).Any())
        {
            return;
        }

        if (!File.Exists(Path.Combine(root, MarkerFile)))
        {
            throw new MeijuDataException(root, $"folder is not empty and holds no {MarkerFile}; give an empty or new folder so nothing of yours is overwritten");
        }

        // A dataset generated earlier: its features and label sets go, so nothing stale from an earlier run survives.
        File.Delete(Path.Combine(root, DatasetLabelSets.FileName));
        var features = Path.Combine(root, "features");
        if (Directory.Exists(features))
        {
            Directory.Delete(features, recursive: true);
        }
    }

    private static string Sentence(SyntheticRandom rng, int emotion, int intent, double cueProbability)
    {
        var words = new List<string>();
        var length = rng.NextInt(4, 10);
        for (var k = 0; k < length; k++)
        {
            words.Add(Filler[rng.NextInt(Filler.Length)]);
        }

        if (EmotionCues[emotion].Length > 0 && rng.NextDouble() < cueProbability)
        {
            words.Insert(rng.NextInt(words.Count + 1), EmotionCues[emotion][rng.NextInt(EmotionCues[emotion].Length)]);
        }

        if (IntentCues[intent].Length > 0 && rng.NextDouble() < cueProbability)
        {
            words.Insert(0, IntentCues[intent][rng.NextInt(IntentCues[intent].Length)] + ",");
        }

        var sentence = string.Join(' ', words);
        return char.ToUpperInvariant(sentence[0]) + sentence[1..] + (intent == 0 ? "?" : ".");
    }

    private static string Describe(SyntheticMeijuOptions options, IReadOnlyList<double> emotionPriors, IReadOnlyList<double> intentPriors, IReadOnlyList<int> partner)
    {
        var description = new Dictionary<string, object>
        {
            ["generator"] = "Meiju.Synthetic.SyntheticMeijuGenerator",
            ["seed"] = options.Seed,
            ["train"] = options.TrainCount,
            ["valid"] = options.ValidCount,
            ["test"] = options.TestCount,
            ["features"] = options.Features.Select(f => new Dictionary<string, object>
            {
                ["name"] = f.Name,
                ["dimension"] = f.Dimension,
                ["minFrames"] = f.MinFrames,
                ["maxFrames"] = f.MaxFrames,
            }).ToArray(),
            ["signal"] = options.Signal,
            ["signalFraction"] = options.SignalFraction,
            ["correlation"] = options.Correlation,
            ["emotionPriors"] = emotionPriors,
            ["intentPriors"] = intentPriors,
            ["emotionLabels"] = options.EmotionLabels.Name,
            ["intentLabels"] = options.IntentLabels.Name,
            ["partnerIntent"] = partner,
            ["namePrefix"] = options.NamePrefix,
        };
        return JsonSerializer.Serialize(description, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>The planted structure of one feature: which dimensions carry which label, and the class means.</summary>
    private sealed class Plan
    {
        private Plan(SyntheticFeature feature, int index, int[] emotionDims, int[] intentDims, float[][] emotionMeans, float[][] intentMeans, float[] offset, float[] scale)
        {
            Feature = feature;
            Index = index;
            EmotionDims = emotionDims;
            IntentDims = intentDims;
            EmotionMeans = emotionMeans;
            IntentMeans = intentMeans;
            Offset = offset;
            Scale = scale;
        }

        public SyntheticFeature Feature { get; }

        public int Index { get; }

        private int[] EmotionDims { get; }

        private int[] IntentDims { get; }

        private float[][] EmotionMeans { get; }

        private float[][] IntentMeans { get; }

        private float[] Offset { get; }

        private float[] Scale { get; }

        public static Plan Create(SyntheticFeature feature, int index, SyntheticMeijuOptions options, int emotionClasses, int intentClasses)
        {
            var rng = new SyntheticRandom(options.Seed, SyntheticRandom.StreamId(PurposePlan, (ulong)index));
            var d = feature.Dimension;
            var k = Math.Clamp((int)Math.Round(d * options.SignalFraction), 1, d / 2);
            var dims = Enumerable.Range(0, d).ToArray();
            rng.Shuffle(dims);
            var emotionDims = dims[..k];
            var intentDims = dims[k..(2 * k)];
            var perDim = (float)(options.Signal / Math.Sqrt(k));
            var offset = new float[d];
            var scale = new float[d];
            for (var j = 0; j < d; j++)
            {
                offset[j] = (float)(0.5 * rng.NextGaussian());
                scale[j] = (float)(0.5 + rng.NextDouble());
            }

            return new Plan(feature, index, emotionDims, intentDims, Means(rng, emotionClasses, k, perDim), Means(rng, intentClasses, k, perDim), offset, scale);
        }

        public NpyArray Frames(SyntheticRandom rng, int emotion, int intent, double amplitude)
        {
            var t = rng.NextInt(Feature.MinFrames, Feature.MaxFrames);
            var d = Feature.Dimension;
            var shift = new float[d];
            for (var j = 0; j < EmotionDims.Length; j++)
            {
                shift[EmotionDims[j]] = (float)(amplitude * EmotionMeans[emotion][j]);
                shift[IntentDims[j]] = (float)(amplitude * IntentMeans[intent][j]);
            }

            var data = new float[t * d];
            for (var row = 0; row < t; row++)
            {
                for (var j = 0; j < d; j++)
                {
                    data[row * d + j] = Offset[j] + Scale[j] * ((float)rng.NextGaussian() + shift[j]);
                }
            }

            return new NpyArray([t, d], data);
        }

        private static float[][] Means(SyntheticRandom rng, int classes, int k, float perDim)
        {
            var means = new float[classes][];
            // Gaussian directions rather than ±1 patterns: with few signal dimensions, sign patterns collide.
            for (var c = 0; c < classes; c++)
            {
                means[c] = new float[k];
                for (var j = 0; j < k; j++)
                {
                    means[c][j] = (float)(perDim * rng.NextGaussian());
                }
            }

            return means;
        }
    }
}
