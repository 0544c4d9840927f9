using Meiju.IO;

namespace Meiju.Data;

/// <summary>The frame-level features of one utterance, one [T, D] array per feature, in the dataset's feature order.</summary>
/// <param name="Utterance">The utterance and its labels.</param>
/// <param name="Features">One array per feature name (<see cref="MeijuDataset.FeatureNames"/>), shape [T, D].</param>
public sealed record UtteranceFeatures(LabelledUtterance Utterance, IReadOnlyList<NpyArray> Features);
