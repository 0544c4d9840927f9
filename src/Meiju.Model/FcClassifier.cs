using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// A classification head: <c>module</c> = Sequential(Linear, ReLU, Dropout, Linear, ReLU, Dropout, ...) and
/// <c>fc_out</c>; returns the logits and the last hidden feature. Dropout modules are left out when the rate is
/// 0, as the baseline does, so keys stay <c>module.0</c>, <c>module.3</c> for two layers with dropout.
/// </summary>
public sealed class FcClassifier : nn.Module<Tensor, Tensor>
{
    /// <summary>The hidden layers.</summary>
    public readonly Sequential module;

    /// <summary>The output layer.</summary>
    public readonly Linear fc_out;

    /// <summary>Creates a head from <paramref name="inputDim"/> through <paramref name="layers"/> to <paramref name="classes"/>.</summary>
    public FcClassifier(long inputDim, IReadOnlyList<int> layers, long classes, double dropout) : base(nameof(FcClassifier))
    {
        var parts = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputDim;
        foreach (var l in layers)
        {
            parts.Add((parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.Linear(width, l)));
            parts.Add((parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.ReLU()));
            if (dropout > 0)
            {
                parts.Add((parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.Dropout(dropout)));
            }

            width = l;
        }

        module = nn.Sequential(parts.ToArray());
        fc_out = nn.Linear(width, classes);
        // The baseline's state dicts list fc_out before module; registering in that order keeps key order equal.
        register_module(nameof(fc_out), fc_out);
        register_module(nameof(module), module);
    }

    /// <summary>The logits [B, C].</summary>
    public override Tensor forward(Tensor x) => Forward(x).Logits;

    /// <summary>The logits [B, C] and the last hidden feature [B, H].</summary>
    public (Tensor Logits, Tensor Feature) Forward(Tensor x)
    {
        var feature = module.forward(x);
        return (fc_out.forward(feature), feature);
    }
}
