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
public sealed record RavdessEvaluationOptions(string DataFolder, int Seed = 13, int Jobs = 2, int? MaxPerActor = null);

/// <summary>Outcome of <see cref="RavdessEvaluation"/>.</summary>
/// <param name="TrainCount">Clips of actors 01–16.</param>
/// <param name="TestCount">Clips of actors 17–20.</param>
/// <param name="Results">Logistic regression on mean+std pooled mfcc_prosody, logmel, and both.</param>
/// <param name="FeatureSeconds">Time spent decoding and extracting.</param>
/// <param name="TotalSeconds">Time of the whole evaluation.</param>
public sealed record RavdessEvaluationResult(int TrainCount, int TestCount, IReadOnlyList<ProbeResult> Results, double FeatureSeconds, double TotalSeconds);

/// <summary>
/// Speaker-independent emotion recognition on RAVDESS speech with the default audio features: utterance-level
/// mean and standard deviation of <c>mfcc_prosody</c> and <c>logmel</c> frames, softmax regression trained on actors
/// 01–16 and tested on actors 17–20. Calm (02) has no MEIJU class and is dropped; 7 classes remain.
/// </summary>
public static class RavdessEvaluation
{
    /// <summary>Emotion codes 01, 03–08 in RAVDESS order, named as MEIJU names them.</summary>
    public static IReadOnlyList<(int Code, string Name)> Classes { get; } =
        [(1, "neutral"), (3, "happy"), (4, "sad"), (5, "anger"), (6, "fear"), (7, "disgust"), (8, "surprise")];

    /// <summary>Runs the evaluation.</summary>
    /// <exception cref="MeijuDataException">No RAVDESS clips are found.</exception>
    public static RavdessEvaluationResult Run(RavdessEvaluationOptions options, IProgress<(int Done, int Total)>? progress = null)
    {
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
            if (label >= 0 && actor <= 20)
            {
                clips.Add((file, actor, label));
            }
        }

        if (clips.Count == 0)
        {
            throw new MeijuDataException(options.DataFolder, "no RAVDESS clips (03-01-EE-II-SS-RR-AA.flac) found");
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

        var trainIdx = Enumerable.Range(0, clips.Count).Where(i => clips[i].Actor <= 16).ToList();
        var testIdx = Enumerable.Range(0, clips.Count).Where(i => clips[i].Actor is >= 17 and <= 20).ToList();
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

        return new RavdessEvaluationResult(trainIdx.Count, testIdx.Count, results, featureSeconds, clock.Elapsed.TotalSeconds);
    }
}
