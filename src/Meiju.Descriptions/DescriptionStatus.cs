namespace Meiju.Descriptions;

/// <summary>Outcome of one (utterance, prompt) request.</summary>
public enum DescriptionStatus
{
    /// <summary>The model answered; the answer is cached and becomes stream text.</summary>
    Ok,

    /// <summary>Every attempt failed (or the input was unusable); the error is recorded and the next run tries again.</summary>
    Failed,
}
