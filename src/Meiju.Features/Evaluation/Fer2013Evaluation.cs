using System.Diagnostics;
using System.Globalization;
using Meiju.Features.Fer;

namespace Meiju.Features.Evaluation;

/// <summary>Settings of the FER-2013 linear probe.</summary>
/// <param name="TrainFolder">FER-2013 <c>train/</c> with one folder per class (angry, disgust, …).</param>
/// <param name="PerClass">At most this many images per class are used (seeded sample), to bound the run time.</param>
/// <param name="ValidationShare">Share of each class held out for validation.</param>
/// <param name="Seed">Seed of sampling, splitting and training.</param>
/// <param name="Jobs">Images classified in parallel.</param>
/// <param name="ModelJson">The tfjs emotion.json, or null for the npm package's.</param>
/// <param name="ValidationFolder">
/// A separate validation folder of the same layout (e.g. FER-2013 <c>val/</c>, faces the network did not train on);
/// when given, <paramref name="ValidationShare"/> is ignored and all sampled train images train the probe.
/// </param>
public sealed record Fer2013EvaluationOptions(
    string TrainFolder, int PerClass = 800, double ValidationShare = 0.2, int Seed = 13, int Jobs = 2, string? ModelJson = null, string? ValidationFolder = null)
{
    /// <summary>The split in words, for tables and JSON.</summary>
    public string Split => ValidationFolder is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(TrainFolder))}, seeded stratified {ValidationShare * 100:0.#}% held out")
        : $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(TrainFolder))} → {Path.GetFileName(Path.TrimEndingDirectorySeparator(ValidationFolder))}";
}

/// <summary>One feature set's validation result.</summary>
/// <param name="Features">What the classifier saw.</param>
/// <param name="Scores">Validation scores.</param>
public sealed record ProbeResult(string Features, ClassificationScores Scores);

/// <summary>Outcome of <see cref="Fer2013Evaluation"/>.</summary>
/// <param name="TrainCount">Training images.</param>
/// <param name="ValidationCount">Validation images.</param>
/// <param name="Results">The network's own argmax, then linear probes on posteriors, penultimate features and both.</param>
/// <param name="NetworkSeconds">Time spent decoding and running the network.</param>
/// <param name="TotalSeconds">Time of the whole evaluation.</param>
/// <param name="Split">Where training and validation images came from, in words.</param>
public sealed record Fer2013EvaluationResult(int TrainCount, int ValidationCount, IReadOnlyList<ProbeResult> Results, double NetworkSeconds, double TotalSeconds, string Split);

/// <summary>
/// Linear probe of the <c>fer</c> features on FER-2013: a seeded, stratified sample of <c>train/</c> is split into a
/// training and a held-out validation part (or scored on a separate folder such as <c>val/</c>); softmax regression is trained on the posteriors, the penultimate
/// features and both. The network itself was trained on FER-2013 (most likely including these very images), so
/// the numbers measure how well the port reproduces it, not generalisation to new faces.
/// </summary>
public static class Fer2013Evaluation
{
    /// <summary>Runs the evaluation.</summary>
    /// <exception cref="MeijuDataException">The folder lacks a class folder.</exception>
    public static Fer2013EvaluationResult Run(Fer2013EvaluationOptions options, IProgress<(int Done, int Total)>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var classes = FerNetwork.Classes;
        var rng = new Random(options.Seed);
        var train = new List<(string Path, int Label)>();
        var valid = new List<(string Path, int Label)>();
        for (var c = 0; c < classes.Count; c++)
        {
            var take = Sample(options.TrainFolder, classes[c], options.PerClass, rng);
            var held = options.ValidationFolder is null ? (int)Math.Round(take.Count * options.ValidationShare) : 0;
            valid.AddRange(take.Take(held).Select(f => (f, c)));
            train.AddRange(take.Skip(held).Select(f => (f, c)));
            if (options.ValidationFolder is { } validation)
            {
                valid.AddRange(Sample(validation, classes[c], options.PerClass, rng).Select(f => (f, c)));
            }
        }

        var network = FerNetwork.Shared(options.ModelJson);
        var all = train.Concat(valid).ToList();
        var netClock = Stopwatch.StartNew();
        var images = FfmpegReader.ReadGrayImages(all.Select(a => a.Path).ToList(), 48);
        var predictions = new FerPrediction[all.Count];
        var done = 0;
        const int chunk = 64;
        Parallel.For(0, (all.Count + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, b =>
        {
            var start = b * chunk;
            var count = Math.Min(chunk, all.Count - start);
            var batch = network.PredictBatch(Enumerable.Range(start, count).Select(i => FerNetwork.Preprocess(images[i], 48, 48)).ToList());
            for (var i = 0; i < count; i++)
            {
                predictions[start + i] = batch[i];
            }

            progress?.Report((Interlocked.Add(ref done, count), all.Count));
        });
        var networkSeconds = netClock.Elapsed.TotalSeconds;

        var trainPred = predictions.Take(train.Count).ToList();
        var validPred = predictions.Skip(train.Count).ToList();
        var yTrain = train.Select(t => t.Label).ToList();
        var yValid = valid.Select(t => t.Label).ToList();
        var results = new List<ProbeResult>
        {
            new("network argmax (no training)", ClassificationScores.Of(yValid, validPred.Select(p => p.ArgMax).ToList(), classes.Count)),
        };
        foreach (var (name, select) in new (string, Func<FerPrediction, float[]>)[]
                 {
                     ("posteriors (7)", p => p.Posteriors),
                     ($"penultimate ({network.PenultimateDimension})", p => p.Penultimate),
                     ($"posteriors + penultimate ({7 + network.PenultimateDimension})", p => [.. p.Posteriors, .. p.Penultimate]),
                 })
        {
            var model = SoftmaxRegression.Fit(trainPred.Select(select).ToList(), yTrain, classes.Count, options.Seed, epochs: 40);
            var predicted = validPred.Select(p => model.Predict(select(p))).ToList();
            results.Add(new ProbeResult(name, ClassificationScores.Of(yValid, predicted, classes.Count)));
        }

        return new Fer2013EvaluationResult(train.Count, valid.Count, results, networkSeconds, clock.Elapsed.TotalSeconds, options.Split);
    }

    // A seeded sample of one class folder, in a fixed order so the same seed picks the same faces.
    private static List<string> Sample(string root, string label, int perClass, Random rng)
    {
        var folder = Path.Combine(root, label);
        if (!Directory.Exists(folder))
        {
            throw new MeijuDataException(folder, $"FER-2013 class folder '{label}' not found");
        }

        var files = Directory.GetFiles(folder, "*.jpg").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        rng.Shuffle(files);
        return [.. files.Take(perClass)];
    }
}
