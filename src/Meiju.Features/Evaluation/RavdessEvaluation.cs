using System.Diagnostics;
using System.Globalization;
using Meiju.Features.Audio;
using Meiju.Media;

namespace Meiju.Features.Evaluation;

/// <summary>Settings of the RAVDESS speaker-independent probe.</summary>
/// <param name="DataFolder">ravdess-speech-16k (Actor_XX/*.flac or *.wav, 16 kHz mono).</param>
/// <param name="Seed">Seed of the classifier's training.</param>
/// <param name="Jobs">Files decoded and featurised in parallel.</param>
/// <param name="MaxPerActor">At most this many clips per actor (all when null), to shorten a smoke run.</param>
/// <param name="TrainActors">Actors whose clips train the probe (null: 01–16).</param>
/// <param name="TestActors">Actors whose clips are scored (null: 17–20); must not share an actor with training.</param>
public sealed record RavdessEvaluationOptions(
    string DataFolder, int Seed = 13, int Jobs = 2, int? MaxPerActor = null, IReadOnlySet<int>? TrainActors = null, IReadOnlySet<int>? TestActors = null)
{
    /// <summary>The training actors in effect.</summary>
    public IReadOnlySet<int> Train => TrainActors ?? DefaultTrain;

    /// <summary>The test actors in effect.</summary>
    public IReadOnlySet<int> Test => TestActors ?? DefaultTest;

    private static readonly HashSet<int> DefaultTrain = [.. Enumerable.Range(1, 16)];
    private static readonly HashSet<int> DefaultTest = [.. Enumerable.Range(17, 4)];
}

/// <summary>Outcome of <see cref="RavdessEvaluation"/>.</summary>
/// <param name="TrainCount">Clips of the training actors.</param>
/// <param name="TestCount">Clips of the test actors.</param>
/// <param name="Results">Logistic regression on mean+std pooled mfcc_prosody, logmel, and both.</param>
/// <param name="FeatureSeconds">Time spent decoding and extracting.</param>
/// <param name="TotalSeconds">Time of the whole evaluation.</param>
/// <param name="Split">The actor split in words, e.g. "actors 01-16 train / 17-20 test".</param>
public sealed record RavdessEvaluationResult(int TrainCount, int TestCount, IReadOnlyList<ProbeResult> Results, double FeatureSeconds, double TotalSeconds, string Split);

/// <summary>
/// Speaker-independent emotion recognition on RAVDESS speech with the default audio features: utterance-level
/// mean and standard deviation of <c>mfcc_prosody</c> and <c>logmel</c> frames, softmax regression trained on one set
/// of actors and tested on another (default 01–16 → 17–20). Calm (02) has no MEIJU class and is dropped; 7 classes remain.
/// </summary>
public static class RavdessEvaluation
{
    /// <summary>Emotion codes 01, 03–08 in RAVDESS order, named as MEIJU names them.</summary>
    public static IReadOnlyList<(int Code, string Name)> Classes { get; } =
        [(1, "neutral"), (3, "happy"), (4, "sad"), (5, "anger"), (6, "fear"), (7, "disgust"), (8, "surprise")];

    /// <summary>Runs the evaluation.</summary>
    /// <exception cref="MeijuDataException">No RAVDESS clips are found.</exception>
    /// <exception cref="ArgumentException">The actor sets overlap or one is empty.</exception>
    public static RavdessEvaluationResult Run(RavdessEvaluationOptions options, IProgress<(int Done, int Total)>? progress = null)
    {
        CheckActors(options.Train, options.Test);
        var clock = Stopwatch.StartNew();
        var clips = new List<(string Path, int Actor, int Label)>();
        IEnumerable<string> files = Directory.Exists(options.DataFolder)
            ? Directory.EnumerateFiles(options.DataFolder, "*.*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
            : [];
        foreach (var file in files)
        {
            var ext = Path.GetExtension(file).ToLowerInvariant();
            var parts = Path.GetFileNameWithoutExtension(file).Split('-');
            if (ext is not (".flac" or ".wav") || parts.Length != 7)
            {
                continue;
            }

            var code = int.Parse(parts[2], CultureInfo.InvariantCulture);
            var actor = int.Parse(parts[6], CultureInfo.InvariantCulture);
            var label = Classes.ToList().FindIndex(c => c.Code == code);
            if (label >= 0 && (options.Train.Contains(actor) || options.Test.Contains(actor)))
            {
                clips.Add((file, actor, label));
            }
        }

        if (clips.Count == 0)
        {
            throw new MeijuDataException(options.DataFolder, $"no RAVDESS clips (03-01-EE-II-SS-RR-AA.flac) of {Describe(options.Train, options.Test)} found");
        }

        if (options.MaxPerActor is { } max)
        {
            clips = clips.GroupBy(c => c.Actor).SelectMany(g => g.Take(max)).ToList();
        }

        var mfcc = new MfccProsodyExtractor();
        var logmel = new LogMelExtractor(64);
        var pooled = new (float[] Mfcc, float[] LogMel)[clips.Count];
        var done = 0;
        var featureClock = Stopwatch.StartNew();
        var audios = FfmpegReader.ReadAudioBatch(clips.Select(c => c.Path).ToList());
        Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, i =>
        {
            var audio = audios[i];
            var media = new UtteranceMedia(Path.GetFileNameWithoutExtension(clips[i].Path), clips[i].Path, [], audio, [], new Dictionary<string, string>());
            pooled[i] = (FeatureArrays.MeanStdRows(mfcc.Extract(media)), FeatureArrays.MeanStdRows(logmel.Extract(media)));
            var n = Interlocked.Increment(ref done);
            if (n % 50 == 0 || n == clips.Count)
            {
                progress?.Report((n, clips.Count));
            }
        });
        var featureSeconds = featureClock.Elapsed.TotalSeconds;

        var trainIdx = Enumerable.Range(0, clips.Count).Where(i => options.Train.Contains(clips[i].Actor)).ToList();
        var testIdx = Enumerable.Range(0, clips.Count).Where(i => options.Test.Contains(clips[i].Actor)).ToList();
        if (trainIdx.Count == 0 || testIdx.Count == 0)
        {
            throw new MeijuDataException(options.DataFolder, $"{Describe(options.Train, options.Test)}: {trainIdx.Count} training and {testIdx.Count} test clips; both must be found");
        }

        var results = new List<ProbeResult>();
        foreach (var (name, select) in new (string, Func<int, float[]>)[]
                 {
                     ($"mfcc_prosody mean+std ({pooled[0].Mfcc.Length})", i => pooled[i].Mfcc),
                     ($"logmel mean+std ({pooled[0].LogMel.Length})", i => pooled[i].LogMel),
                     ($"both ({pooled[0].Mfcc.Length + pooled[0].LogMel.Length})", i => [.. pooled[i].Mfcc, .. pooled[i].LogMel]),
                 })
        {
            var model = SoftmaxRegression.Fit(trainIdx.Select(select).ToList(), trainIdx.Select(i => clips[i].Label).ToList(), Classes.Count, options.Seed, epochs: 200, learningRate: 0.005, l2: 1e-3);
            var predicted = testIdx.Select(i => model.Predict(select(i))).ToList();
            results.Add(new ProbeResult(name, ClassificationScores.Of(testIdx.Select(i => clips[i].Label).ToList(), predicted, Classes.Count)));
        }

        return new RavdessEvaluationResult(trainIdx.Count, testIdx.Count, results, featureSeconds, clock.Elapsed.TotalSeconds, Describe(options.Train, options.Test));
    }

    /// <summary>Parses an actor list such as <c>1-16</c> or <c>13,14,15-16</c>.</summary>
    /// <exception cref="ArgumentException">Not a list of numbers and ranges 1–99.</exception>
    public static IReadOnlySet<int> ParseActors(string text)
    {
        var actors = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            if (ends.Length > 2 || !ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a is >= 1 and <= 99))
            {
                throw new ArgumentException($"'{text}' is not an actor list such as 1-16 or 17,18,19-20");
            }

            var from = int.Parse(ends[0], CultureInfo.InvariantCulture);
            var to = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            actors.UnionWith(Enumerable.Range(Math.Min(from, to), Math.Abs(to - from) + 1));
        }

        return actors.Count > 0 ? actors : throw new ArgumentException($"'{text}' names no actor");
    }

    /// <summary>"actors 01-16 train / 17-20 test" for tables and JSON.</summary>
    public static string Describe(IReadOnlySet<int> train, IReadOnlySet<int> test) => $"actors {Ranges(train)} train / {Ranges(test)} test";

    private static void CheckActors(IReadOnlySet<int> train, IReadOnlySet<int> test)
    {
        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException("the training and the test actor sets must each name at least one actor");
        }

        if (train.Intersect(test).ToList() is { Count: > 0 } shared)
        {
            throw new ArgumentException($"actors {Ranges(shared.ToHashSet())} are in both the training and the test set; a speaker-independent split needs disjoint actors");
        }
    }

    private static string Ranges(IReadOnlySet<int> actors)
    {
        var sorted = actors.Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(i == j
                ? sorted[i].ToString("D2", CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]:D2}-{sorted[j]:D2}"));
            i = j + 1;
        }

        return string.Join(",", parts);
    }
}
