namespace Meiju.Inference.Base;

/// <summary>One single-modality item of the meiju-base corpus, as its pooled feature vector.</summary>
/// <param name="Source">Data set (meld, mintrec, dailydialog, ravdess, fer2013).</param>
/// <param name="Modality">V, A or T.</param>
/// <param name="Features">The pooled feature vector (before standardisation).</param>
/// <param name="Emotion">MEIJU emotion index, or -1 when the item has no emotion label.</param>
/// <param name="Intent">MEIJU intent index, or -1 when the item has no (mapped) intent label.</param>
/// <param name="Train">True for training items, false for the source's held-out split.</param>
public sealed record BaseItem(string Source, string Modality, float[] Features, int Emotion, int Intent, bool Train);
