using Meiju.Data;

namespace Meiju.Synthetic;

/// <summary>What <see cref="SyntheticMeijuGenerator.Generate"/> wrote.</summary>
/// <param name="Root">The dataset root (label lists, transcriptions, <c>synthetic.json</c>).</param>
/// <param name="FeatureRoot">The feature root (<c>root/features</c>).</param>
/// <param name="Utterances">Every utterance with its true labels, per split (test labels included).</param>
/// <param name="Files">Number of files written.</param>
/// <param name="Bytes">Their total size.</param>
public sealed record SyntheticMeijuResult(
    string Root,
    string FeatureRoot,
    IReadOnlyDictionary<MeijuSplit, IReadOnlyList<LabelledUtterance>> Utterances,
    int Files,
    long Bytes);
