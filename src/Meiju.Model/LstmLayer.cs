using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// A one-layer unidirectional LSTM over batch-first input [B, T, D] with PyTorch's parameters
/// (<c>weight_ih_l0</c> [4H, D], <c>weight_hh_l0</c> [4H, H], <c>bias_ih_l0</c>, <c>bias_hh_l0</c>; gate blocks
/// i, f, g, o) and PyTorch's initialisation U(−1/√H, 1/√H).
/// </summary>
/// <remarks>
/// Written out instead of using TorchSharp's <c>nn.LSTM</c>: with libtorch 2.10 (TorchSharp-cpu 0.107.0) the
/// native CPU LSTM returned wrong outputs for small hidden sizes here (hidden 8: max error 0.3–1.5 against the
/// LSTM equations and against PyTorch 1.13; hidden 32 and 128 agreed to 1e-6). The input projection for all
/// steps is one matrix product; only the recurrence loops over time.
/// </remarks>
public sealed class LstmLayer : nn.Module<Tensor, (Tensor Output, Tensor LastHidden, Tensor LastCell)>
{
    private readonly long _hidden;

    /// <summary>Input-to-hidden weights [4H, D].</summary>
    public readonly Parameter weight_ih_l0;

    /// <summary>Hidden-to-hidden weights [4H, H].</summary>
    public readonly Parameter weight_hh_l0;

    /// <summary>Input-to-hidden bias [4H].</summary>
    public readonly Parameter bias_ih_l0;

    /// <summary>Hidden-to-hidden bias [4H].</summary>
    public readonly Parameter bias_hh_l0;

    /// <summary>Creates the layer.</summary>
    public LstmLayer(long inputDim, long hidden) : base(nameof(LstmLayer))
    {
        _hidden = hidden;
        var bound = 1.0 / Math.Sqrt(hidden);
        weight_ih_l0 = nn.Parameter(empty(4 * hidden, inputDim).uniform_(-bound, bound));
        weight_hh_l0 = nn.Parameter(empty(4 * hidden, hidden).uniform_(-bound, bound));
        bias_ih_l0 = nn.Parameter(empty(4 * hidden).uniform_(-bound, bound));
        bias_hh_l0 = nn.Parameter(empty(4 * hidden).uniform_(-bound, bound));
        register_parameter(nameof(weight_ih_l0), weight_ih_l0);
        register_parameter(nameof(weight_hh_l0), weight_hh_l0);
        register_parameter(nameof(bias_ih_l0), bias_ih_l0);
        register_parameter(nameof(bias_hh_l0), bias_hh_l0);
    }

    /// <summary>Runs over [B, T, D] from zero state; returns all hidden states [B, T, H] and the last h and c [1, B, H].</summary>
    public override (Tensor Output, Tensor LastHidden, Tensor LastCell) forward(Tensor x)
    {
        var batch = x.shape[0];
        var steps = x.shape[1];
        var projected = nn.functional.linear(x, weight_ih_l0, bias_ih_l0 + bias_hh_l0);
        var recurrent = weight_hh_l0.t();
        var h = zeros(batch, _hidden, dtype: x.dtype, device: x.device);
        var c = zeros(batch, _hidden, dtype: x.dtype, device: x.device);
        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var gates = projected.select(1, t) + matmul(h, recurrent);
            var g = gates.chunk(4, 1);
            c = sigmoid(g[1]) * c + sigmoid(g[0]) * tanh(g[2]);
            h = sigmoid(g[3]) * tanh(c);
            outputs[t] = h;
        }

        return (stack(outputs, 1), h.unsqueeze(0), c.unsqueeze(0));
    }
}
