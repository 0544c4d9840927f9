using Meiju.IO;

namespace Meiju.Training;

/// <summary>
/// A model's raw scores on a split: one row of emotion and of intent logits per utterance (split order), with the
/// gold labels (-1 when unlabelled). Post-hoc methods (temperature scaling, decision biases) work on these.
/// </summary>
/// <param name="Names">Utterance names.</param>
/// <param name="Emotion">[N][C_e] emotion logits.</param>
/// <param name="Intent">[N][C_i] intent logits.</param>
/// <param name="GoldEmotion">Gold emotion indices.</param>
/// <param name="GoldIntent">Gold intent indices.</param>
public sealed record SplitLogits(IReadOnlyList<string> Names, float[][] Emotion, float[][] Intent, int[] GoldEmotion, int[] GoldIntent)
{
    /// <summary>Number of utterances.</summary>
    public int Count => Names.Count;

    /// <summary>
    /// Argmax predictions after adding per-class biases (null: none) to the logits, over the first
    /// <paramref name="emotionClasses"/> / <paramref name="intentClasses"/> outputs (null: all).
    /// </summary>
    public Predictions ToPredictions(float[]? emotionBias = null, float[]? intentBias = null, int? emotionClasses = null, int? intentClasses = null) => new(
        Names,
        Emotion.Select(r => DecisionBiases.Argmax(r, emotionBias, emotionClasses ?? r.Length)).ToArray(),
        Intent.Select(r => DecisionBiases.Argmax(r, intentBias, intentClasses ?? r.Length)).ToArray(),
        GoldEmotion,
        GoldIntent);

    /// <summary>The rows <paramref name="indices"/>, in that order.</summary>
    public SplitLogits Subset(IReadOnlyList<int> indices) => new(
        indices.Select(i => Names[i]).ToArray(),
        indices.Select(i => Emotion[i]).ToArray(),
        indices.Select(i => Intent[i]).ToArray(),
        indices.Select(i => GoldEmotion[i]).ToArray(),
        indices.Select(i => GoldIntent[i]).ToArray());

    /// <summary>
    /// Writes <c>&lt;prefix&gt;_emotion_logits.npy</c>, <c>_intent_logits.npy</c> and <c>_gold.npy</c> ([N, 2]) next
    /// to the predictions CSV whose names they share.
    /// </summary>
    public void Save(string prefix)
    {
        NpyFile.Write(prefix + "_emotion_logits.npy", Matrix(Emotion));
        NpyFile.Write(prefix + "_intent_logits.npy", Matrix(Intent));
        NpyFile.Write(prefix + "_gold.npy", new NpyArray([Count, 2], GoldEmotion.Zip(GoldIntent).SelectMany(p => new float[] { p.First, p.Second }).ToArray()));
    }

    /// <summary>Reads what <see cref="Save"/> wrote; names come from <paramref name="names"/>, or are row numbers.</summary>
    /// <exception cref="MeijuDataException">Missing or inconsistent files.</exception>
    public static SplitLogits Load(string prefix, IReadOnlyList<string>? names = null)
    {
        var e = NpyFile.Read(prefix + "_emotion_logits.npy");
        var i = NpyFile.Read(prefix + "_intent_logits.npy");
        var g = NpyFile.Read(prefix + "_gold.npy");
        if (e.Rows != i.Rows || e.Rows != g.Rows || g.RowWidth != 2 || (names is not null && names.Count != e.Rows))
        {
            throw new MeijuDataException(prefix + "_gold.npy", "logit files of different lengths");
        }

        return new SplitLogits(
            names ?? Enumerable.Range(0, e.Rows).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            Rows(e),
            Rows(i),
            Enumerable.Range(0, g.Rows).Select(k => (int)g.Data[2 * k]).ToArray(),
            Enumerable.Range(0, g.Rows).Select(k => (int)g.Data[2 * k + 1]).ToArray());
    }

    private static NpyArray Matrix(float[][] rows) =>
        new([rows.Length, rows.Length == 0 ? 0 : rows[0].Length], rows.SelectMany(r => r).ToArray());

    private static float[][] Rows(NpyArray a)
    {
        var w = a.RowWidth;
        return Enumerable.Range(0, a.Rows).Select(k => a.Data.AsSpan(k * w, w).ToArray()).ToArray();
    }
}
