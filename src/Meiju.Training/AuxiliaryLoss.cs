using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Meiju.Metrics;
using Meiju.Model;

namespace Meiju.Training;

/// <summary>Form of the auxiliary focal term.</summary>
public enum AuxiliaryLoss
{
    /// <summary>No auxiliary term.</summary>
    None,

    /// <summary>The baseline's: α(1 − e^(−c))^γ·c applied to the batch-mean cross-entropy c.</summary>
    BatchMean,

    /// <summary>A proper focal loss: the same expression per sample, then averaged.</summary>
    PerSample,
}
