using System.Text.Json;
using Meiju.Metrics;
using Meiju.Model;
using TorchSharp;

namespace Meiju.Training;

/// <summary>The contents of <c>model.json</c>.</summary>
public sealed record ModelCard
{
    /// <summary>Config name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Model folder (inside the run folder) with the selected weights.</summary>
    public string Weights { get; init; } = "";

    /// <summary>Stage whose heads predict (2 with the joint module, else 1).</summary>
    public int Stage { get; init; }

    /// <summary>Selected (best) epoch of that stage.</summary>
    public int Epoch { get; init; }

    /// <summary>Seed of the run.</summary>
    public long Seed { get; init; }

    /// <summary>Track whose metric selected the epoch.</summary>
    public int Track { get; init; } = 2;

    /// <summary>Parameters of the model.</summary>
    public long Parameters { get; init; }

    /// <summary>Validation scores at the selected epoch.</summary>
    public SplitScores? Valid { get; init; }
}
