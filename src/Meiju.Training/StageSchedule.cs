using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Meiju.Metrics;
using Meiju.Model;

namespace Meiju.Training;

/// <summary>Epochs at the initial learning rate, then epochs of linear decay.</summary>
/// <param name="Niter">Epochs at the initial learning rate.</param>
/// <param name="NiterDecay">Epochs of linear decay after that.</param>
public sealed record StageSchedule(int Niter, int NiterDecay)
{
    /// <summary>Total epochs of the stage.</summary>
    [JsonIgnore]
    public int Epochs => Niter + NiterDecay;

    /// <summary>
    /// The learning-rate factor for 0-based <paramref name="epoch"/>: 1 for the first <see cref="Niter"/> epochs,
    /// then 1 − k/(niter_decay + 1) for the k-th decay epoch (the baseline's linear rule).
    /// </summary>
    public double Factor(int epoch) => 1.0 - Math.Max(0, epoch + 1 - Niter) / (double)(NiterDecay + 1);
}
