namespace Meiju.Training;

/// <summary>How an epoch's utterances are drawn.</summary>
public enum BatchSampling
{
    /// <summary>Every utterance once, in a seeded shuffle.</summary>
    Shuffle,

    /// <summary>
    /// As many draws as utterances, each picking an emotion class uniformly and then an utterance of it
    /// (with replacement), so batches are class-balanced for the emotion task (<see cref="BalancedSampler"/>).
    /// </summary>
    Balanced,
}
