using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// What a forward pass returns: every head's logits by the baseline's names (<c>emo_logits</c>,
/// <c>int_logits</c>, <c>emo_logits_fusion</c>, <c>int_logits_fusion</c>), and the sub-network outputs when asked.
/// </summary>
public sealed class ModelOutput
{
    /// <summary>Name of the stage-2 emotion logits (joint module → netEmoC).</summary>
    public const string EmotionLogitsName = "emo_logits";

    /// <summary>Name of the stage-2 intent logits (joint module → netIntC).</summary>
    public const string IntentLogitsName = "int_logits";

    /// <summary>Name of the fusion-head emotion logits (stage 1: the main head; stage 2: the auxiliary head).</summary>
    public const string EmotionFusionLogitsName = "emo_logits_fusion";

    /// <summary>Name of the fusion-head intent logits (stage 1: the main head; stage 2: the auxiliary head).</summary>
    public const string IntentFusionLogitsName = "int_logits_fusion";

    /// <summary>Creates the output.</summary>
    public ModelOutput(ModelStage stage, IReadOnlyDictionary<string, Tensor> logits, IReadOnlyDictionary<string, Tensor> intermediates)
    {
        Stage = stage;
        Logits = logits;
        Intermediates = intermediates;
    }

    /// <summary>The stage of the model that produced this.</summary>
    public ModelStage Stage { get; }

    /// <summary>Every head's logits [B, C], by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Logits { get; }

    /// <summary>Sub-network outputs by the baseline's hook names (netEmoA, netEmoFusion, netEmoC.out1, ...); empty unless requested.</summary>
    public IReadOnlyDictionary<string, Tensor> Intermediates { get; }

    /// <summary>The emotion prediction logits (what metrics and submissions use).</summary>
    public Tensor Emotion => Logits[Stage == ModelStage.Joint ? EmotionLogitsName : EmotionFusionLogitsName];

    /// <summary>The intent prediction logits (what metrics and submissions use).</summary>
    public Tensor Intent => Logits[Stage == ModelStage.Joint ? IntentLogitsName : IntentFusionLogitsName];

    /// <summary>Stage 2's auxiliary emotion logits (on the raw encoder outputs; loss only), else null.</summary>
    public Tensor? EmotionAuxiliary => Stage == ModelStage.Joint ? Logits[EmotionFusionLogitsName] : null;

    /// <summary>Stage 2's auxiliary intent logits, else null.</summary>
    public Tensor? IntentAuxiliary => Stage == ModelStage.Joint ? Logits[IntentFusionLogitsName] : null;
}
