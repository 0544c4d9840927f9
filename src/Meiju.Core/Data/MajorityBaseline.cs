using Meiju.Metrics;

namespace Meiju.Data;

/// <summary>
/// The score of predicting the training set's most frequent emotion and intent for every validation utterance:
/// the floor any model must beat.
/// </summary>
/// <param name="Emotion">The emotion class predicted (train's most frequent; ties go to the lower index).</param>
/// <param name="Intent">The intent class predicted.</param>
/// <param name="Report">Its scores on the validation split.</param>
public sealed record MajorityBaseline(int Emotion, int Intent, JointReport Report);
