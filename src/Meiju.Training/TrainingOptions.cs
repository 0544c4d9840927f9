using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Meiju.Metrics;
using Meiju.Model;

namespace Meiju.Training;

/// <summary>How the model is trained; defaults are the official baseline's Track 2 recipe.</summary>
public sealed record TrainingOptions
{
    /// <summary>Which two-stage recipe.</summary>
    public TrainingRecipe Recipe { get; init; } = TrainingRecipe.Baseline;

    /// <summary>Challenge track: 1 selects by weighted F1, 2 by micro F1.</summary>
    public int Track { get; init; } = 2;

    /// <summary>Utterances per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 2e-4;

    /// <summary>Adam beta1 (the baseline uses 0.5).</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam beta2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>L2 weight decay, actually applied (the baseline passes it but never uses it).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Gradient-norm clip per sub-network; 0 disables.</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Weight cross-entropy by inverse training-class frequency.</summary>
    public bool ClassWeights { get; init; }

    /// <summary>The auxiliary focal term on stage 2's auxiliary heads (Track 2).</summary>
    public AuxiliaryLoss AuxLoss { get; init; } = AuxiliaryLoss.BatchMean;

    /// <summary>Focal weight α.</summary>
    public double FocalAlpha { get; init; } = 0.5;

    /// <summary>Focal exponent γ (the baseline's term is cubed).</summary>
    public double FocalGamma { get; init; } = 3.0;

    /// <summary>Stage 1 schedule (the baseline pretrains 20 + 40 epochs).</summary>
    public StageSchedule Stage1 { get; init; } = new(20, 40);

    /// <summary>Stage 2 schedule (the baseline trains 15 + 45 epochs).</summary>
    public StageSchedule Stage2 { get; init; } = new(15, 45);

    /// <summary>Bytes of features kept in memory between epochs (read from disk again beyond that).</summary>
    public long FeatureCacheBytes { get; init; } = 2L << 30;

    // The options below are left out of the saved config while unset, so configs and checkpoint fingerprints of
    // runs made before they existed stay the same.

    /// <summary>The main classification loss: cross-entropy (default) or the per-sample focal loss.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public MainLoss Loss { get; init; }

    /// <summary>Logit adjustment by training class priors (Menon et al. 2021); null turns it off.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LogitAdjustmentOptions? LogitAdjustment { get; init; }

    /// <summary>How each epoch's utterances are drawn: a shuffle (default) or class-balanced sampling.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public BatchSampling Sampling { get; init; }

    /// <summary>Feature-level augmentation (time masking, mixup); null turns it off.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AugmentationOptions? Augmentation { get; init; }

    /// <summary>Iterative pseudo-labelling from the unlabelled pool; null trains on the labelled list only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PseudoLabelOptions? PseudoLabel { get; init; }

    /// <summary>
    /// After training, fit temperatures and (optionally) decision biases on validation and store them with the
    /// model (<c>calibration.json</c>); null fits nothing.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CalibrationOptions? Calibration { get; init; }

    /// <summary>
    /// Batch utterances of similar length (shuffled pools of 50 batches, sorted by frames, batch order shuffled):
    /// far less padding for text, whose token counts vary widely (DailyDialog: mean 17, batch maximum ~45). Only
    /// sensible with padding masks on, where padding does not change a model's outputs. Seeded like shuffling.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool LengthBuckets { get; init; }
}
