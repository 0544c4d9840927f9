using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Meiju.Metrics;
using Meiju.Model;

namespace Meiju.Training;

/// <summary>Two-stage recipes.</summary>
public enum TrainingRecipe
{
    /// <summary>
    /// The official baseline: stage 1 pretrains encoders, fusion and heads; stage 2 loads stage 1's encoders and
    /// fusion, starts the joint module and heads fresh, and trains everything (plus the auxiliary focal term).
    /// </summary>
    Baseline,

    /// <summary>
    /// The seed paper: stage 1 trains the emotion and intent classifiers; stage 2 freezes them (encoders and
    /// fusion) and trains only the joint module and its heads.
    /// </summary>
    Paper,
}
