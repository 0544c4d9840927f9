using System.Globalization;
using Meiju.Data;
using Meiju.Data.Importers;
using Meiju.Features;
using Meiju.Features.Audio;
using Meiju.Features.Evaluation;
using Meiju.Features.Fer;
using Meiju.IO;
using Meiju.Labels;
using Meiju.Media;

namespace Meiju.Inference.Base;

/// <summary>
/// The meiju-base corpus: every source's items as pooled feature vectors from the default offline extractors
/// (the ones the video path runs): <c>minilm_sentence</c> for text, <c>mfcc_prosody</c> mean+std for voice,
/// <c>fer_penultimate</c> for faces. Each source is extracted once and cached as <c>&lt;source&gt;.npy</c> +
/// <c>&lt;source&gt;.tsv</c> (labels, split) in the cache folder.
/// </summary>
public static class BaseCorpus
{
    /// <summary>The feature each modality's stream reads, as the model config names it.</summary>
    public static IReadOnlyDictionary<string, string> Features { get; } = new Dictionary<string, string>
    {
        ["V"] = "fer_penultimate",
        ["A"] = "mfcc_prosody",
        ["T"] = "minilm_sentence",
    };

    /// <summary>Time pooling per modality (the video path applies the same through inference.json).</summary>
    public static IReadOnlyDictionary<string, string> Pooling { get; } = new Dictionary<string, string>
    {
        ["V"] = FeaturePooling.Mean,
        ["A"] = FeaturePooling.MeanStd,
        ["T"] = FeaturePooling.None,
    };

    /// <summary>The sources, in load order.</summary>
    public static IReadOnlyList<string> Sources { get; } = ["meld", "mintrec", "dailydialog", "ravdess", "fer2013"];

    /// <summary>RAVDESS emotion codes (file name field 3) → MEIJU emotion; 02 calm has no MEIJU class and is dropped.</summary>
    public static IReadOnlyDictionary<string, string> RavdessEmotions { get; } = new Dictionary<string, string>
    {
        ["01"] = "neutral", ["03"] = "happy", ["04"] = "sad", ["05"] = "anger", ["06"] = "fear", ["07"] = "disgust", ["08"] = "surprise",
    };

    /// <summary>FER-2013 class folders → MEIJU emotion.</summary>
    public static IReadOnlyDictionary<string, string> FerEmotions { get; } = new Dictionary<string, string>
    {
        ["angry"] = "anger", ["disgust"] = "disgust", ["fear"] = "fear", ["happy"] = "happy", ["neutral"] = "neutral", ["sad"] = "sad", ["surprise"] = "surprise",
    };

    /// <summary>Loads (or extracts and caches) every source; reports (source, done, total).</summary>
    public static IReadOnlyList<BaseItem> Load(BaseModelOptions options, IProgress<(string Source, int Done, int Total)>? progress = null)
    {
        var cache = options.CacheDir ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.OutDir))!, ".meiju-base-cache");
        Directory.CreateDirectory(cache);
        var items = new List<BaseItem>();
        foreach (var source in Sources)
        {
            items.AddRange(Cached(cache, source, options, () => Extract(source, options, (d, t) => progress?.Report((source, d, t)))));
        }

        return items;
    }

    private static IReadOnlyList<BaseItem> Extract(string source, BaseModelOptions o, Action<int, int> progress) => source switch
    {
        "meld" => Text("meld", o, ReadMeld(o), progress),
        "mintrec" => Text("mintrec", o, ReadMintrec(o), progress),
        "dailydialog" => Text("dailydialog", o, ReadDailyDialog(o), progress),
        "ravdess" => Ravdess(o, progress),
        "fer2013" => Fer(o, progress),
        _ => throw new ArgumentException($"unknown source '{source}'", nameof(source)),
    };

    private static List<(string Text, int Emotion, int Intent, bool Train)> ReadMeld(BaseModelOptions o)
    {
        var folder = Path.Combine(o.DataRoot, "meld-text");
        var skipped = new List<SkippedRecord>();
        var rng = new Random(o.Seed);
        var train = MeldImporter.Read(folder, MeijuSplit.Train, skipped)
            .GroupBy(u => u.Emotion).OrderBy(g => g.Key)
            .SelectMany(g => Sample(g.ToList(), o.MeldPerClass, rng))
            .Select(u => (u.Sentence, u.Emotion, -1, true));
        var dev = MeldImporter.Read(folder, MeijuSplit.Valid, skipped).Select(u => (u.Sentence, u.Emotion, -1, false));
        return [.. train, .. dev];
    }

    private static List<(string Text, int Emotion, int Intent, bool Train)> ReadMintrec(BaseModelOptions o)
    {
        var folder = Path.Combine(o.DataRoot, "mintrec-text");
        var skipped = new List<SkippedRecord>();
        var labels = LabelSetCatalog.Get("mintrec-intent");
        IEnumerable<(string, int, int, bool)> Split(MeijuSplit split, bool train) =>
            MintrecImporter.Read(folder, split, skipped)
                .Select(u => (u.Sentence, -1, IntentMapping.Map(IntentMapping.MIntRec, labels[u.Intent]), train))
                .Where(x => x.Item3 >= 0);
        return [.. Split(MeijuSplit.Train, true), .. Split(MeijuSplit.Valid, false)];
    }

    private static List<(string Text, int Emotion, int Intent, bool Train)> ReadDailyDialog(BaseModelOptions o)
    {
        var folder = Path.Combine(o.DataRoot, "dailydialog");
        var skipped = new List<SkippedRecord>();
        var acts = LabelSetCatalog.Get("dailydialog-act");
        IEnumerable<(string, int, int, bool)> Split(MeijuSplit split, int dialogues, bool train) =>
            ImportWriter.SubsampleDialogues(DailyDialogImporter.Read(folder, split, skipped), dialogues, o.Seed)
                .Select(u => (u.Sentence, -1, IntentMapping.Map(IntentMapping.DailyDialog, acts[u.Intent]), train))
                .Where(x => x.Item3 >= 0);
        return [.. Split(MeijuSplit.Train, o.DailyDialogTrainDialogues, true), .. Split(MeijuSplit.Valid, o.DailyDialogValidDialogues, false)];
    }

    private static List<BaseItem> Text(string source, BaseModelOptions o, List<(string Text, int Emotion, int Intent, bool Train)> rows, Action<int, int> progress)
    {
        var extractor = new FeatureRegistry().Create(Features["T"]);
        var result = new BaseItem[rows.Count];
        var done = 0;
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Jobs) }, i =>
        {
            var media = new UtteranceMedia($"{source}{i}", source, [], null, [], new Dictionary<string, string> { [FfmpegMediaLoader.TranscriptText] = rows[i].Text });
            var f = FeaturePooling.Apply(extractor.Extract(media), Pooling["T"]).Data;
            result[i] = new BaseItem(source, "T", f, rows[i].Emotion, rows[i].Intent, rows[i].Train);
            var d = Interlocked.Increment(ref done);
            if (d % 200 == 0 || d == rows.Count)
            {
                progress(d, rows.Count);
            }
        });
        return [.. result];
    }

    private static List<BaseItem> Ravdess(BaseModelOptions o, Action<int, int> progress)
    {
        // Actor-disjoint (the README's advice against speaker leakage): only actors 01-20 are here; 01-16 train, 17-20 held out.
        var folder = Path.GetFullPath(Path.Combine(o.DataRoot, "ravdess-speech-16k"));
        if (!Directory.Exists(folder))
        {
            throw new MeijuDataException(folder, "RAVDESS folder not found");
        }

        var files = Directory.GetFiles(folder, "*.flac", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path: f, Parts: Path.GetFileNameWithoutExtension(f).Split('-')))
            .Where(f => f.Parts.Length == 7 && RavdessEmotions.ContainsKey(f.Parts[2]))
            .ToList();
        // One ffmpeg process decodes all files (a process per file costs more than decoding the speech); then the
        // prediction path's own preprocessing (AudioPreprocessor with ClipAnalyzer.AudioOptions) runs on each.
        var signals = FfmpegReader.ReadAudioBatch(files.Select(f => f.Path).ToList());
        var preprocessor = new Meiju.Media.Audio.AudioPreprocessor(ClipAnalyzer.AudioOptions());
        var extractor = new MfccProsodyExtractor();
        var result = new BaseItem[files.Count];
        var done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Jobs) }, i =>
        {
            var audio = preprocessor.Process(signals[i]).Signal;
            var media = new UtteranceMedia(Path.GetFileNameWithoutExtension(files[i].Path), files[i].Path, [], audio, [], new Dictionary<string, string>());
            var f = FeaturePooling.Apply(extractor.Extract(media), Pooling["A"]).Data;
            var actor = int.Parse(files[i].Parts[6], CultureInfo.InvariantCulture);
            result[i] = new BaseItem("ravdess", "A", f, MeijuLabels.Emotion.IndexOf(RavdessEmotions[files[i].Parts[2]]), -1, actor <= 16);
            var d = Interlocked.Increment(ref done);
            if (d % 50 == 0 || d == files.Count)
            {
                progress(d, files.Count);
            }
        });
        return [.. result];
    }

    private static List<BaseItem> Fer(BaseModelOptions o, Action<int, int> progress)
    {
        // Only FER-2013's train/ is here: a seeded, stratified 20 % of the sampled images is held out.
        // Full paths: ffmpeg resolves the concat list's entries relative to the list file, which lives in the temp folder.
        var folder = Path.GetFullPath(Path.Combine(o.DataRoot, "fer2013", "train"));
        var rng = new Random(o.Seed);
        var picked = new List<(string Path, int Emotion, bool Train)>();
        foreach (var (dir, emotion) in FerEmotions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var classDir = Path.Combine(folder, dir);
            if (!Directory.Exists(classDir))
            {
                throw new MeijuDataException(classDir, "FER-2013 class folder not found");
            }

            var files = Sample(Directory.GetFiles(classDir, "*.jpg").Order(StringComparer.Ordinal).ToList(), o.FerPerClass, rng);
            var held = (int)Math.Round(files.Count * 0.2);
            var e = MeijuLabels.Emotion.IndexOf(emotion);
            picked.AddRange(files.Select((f, i) => (f, e, i >= held)));
        }

        var images = FfmpegReader.ReadGrayImages(picked.Select(p => p.Path).ToList(), 48);
        var extractor = new FeatureRegistry().Create(Features["V"]);
        var result = new List<BaseItem>(picked.Count);
        const int chunk = 64;
        for (var start = 0; start < picked.Count; start += chunk)
        {
            // Each image is one face crop of a one-crop "clip", pooled as the video path pools a clip's crops.
            for (var i = start; i < Math.Min(picked.Count, start + chunk); i++)
            {
                var gray = images[i];
                var rgb = new byte[gray.Length * 3];
                for (var p = 0; p < gray.Length; p++)
                {
                    rgb[3 * p] = rgb[(3 * p) + 1] = rgb[(3 * p) + 2] = gray[p];
                }

                var media = new UtteranceMedia($"fer{i}", picked[i].Path, [], null, [new FaceCrop(0, 48, gray, rgb, (0, 0, 48, 48), 1f)], new Dictionary<string, string>());
                var f = FeaturePooling.Apply(extractor.Extract(media), Pooling["V"]).Data;
                result.Add(new BaseItem("fer2013", "V", f, picked[i].Emotion, -1, picked[i].Train));
            }

            progress(result.Count, picked.Count);
        }

        return result;
    }

    private static List<T> Sample<T>(List<T> items, int max, Random rng)
    {
        var copy = items.ToArray();
        rng.Shuffle(copy);
        return copy.Take(max).ToList();
    }

    private static IReadOnlyList<BaseItem> Cached(string cache, string source, BaseModelOptions o, Func<IReadOnlyList<BaseItem>> extract)
    {
        // The cache key holds every option that changes which items a source yields.
        var key = string.Create(CultureInfo.InvariantCulture, $"{source}-s{o.Seed}-m{o.MeldPerClass}-f{o.FerPerClass}-d{o.DailyDialogTrainDialogues}x{o.DailyDialogValidDialogues}");
        var npy = Path.Combine(cache, key + ".npy");
        var tsv = Path.Combine(cache, key + ".tsv");
        if (File.Exists(npy) && File.Exists(tsv))
        {
            var array = NpyFile.Read(npy);
            var lines = File.ReadAllLines(tsv);
            var d = array.RowWidth;
            return lines.Select((l, i) =>
            {
                var f = l.Split('\t');
                return new BaseItem(source, f[0], array.Data.AsSpan(i * d, d).ToArray(),
                    int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), f[3] == "train");
            }).ToList();
        }

        var items = extract();
        var width = items[0].Features.Length;
        NpyFile.Write(npy, new NpyArray([items.Count, width], items.SelectMany(i => i.Features).ToArray()));
        AtomicFile.WriteAllLines(tsv, items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Modality}\t{i.Emotion}\t{i.Intent}\t{(i.Train ? "train" : "heldout")}")));
        return items;
    }
}
