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
/// The parameters are those of a TorchSharp <c>nn.LSTM</c> held (unregistered) inside, so libtorch's native kernel
/// runs the recurrence, with oneDNN (MKLDNN) switched off around the call (<see cref="OneDnnSwitch"/>): with
/// TorchSharp-cpu 0.107.0 (libtorch 2.10) the oneDNN RNN path is wrong for hidden sizes below 32 (4, 8, 16: max error
/// 0.06–1.9 against the LSTM equations) and, for training, 2.5× slower than libtorch's own CPU LSTM (batch 32 × 150
/// frames × 512 inputs, hidden 128: forward + backward 246 ms against 99 ms). Native use is still verified once per
/// shape against the equations written out here (on a private generator, leaving torch's global one alone); if it
/// disagrees, or the parameters were replaced (moved to another device or dtype), the written-out recurrence runs.
/// </remarks>
public sealed class LstmLayer : nn.Module<Tensor, (Tensor Output, Tensor LastHidden, Tensor LastCell)>
{
    private static readonly Dictionary<(long Input, long Hidden), bool> NativeAgrees = [];

    private readonly long _hidden;
    // Held in a box, not a field of module type, so TorchSharp does not register it as a submodule (its parameters
    // are this layer's own, under PyTorch's names).
    private readonly System.Runtime.CompilerServices.StrongBox<LSTM> _native;
    private readonly Parameter[] _nativeParameters;

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

        // The native module initialises its own parameters; restoring the generator keeps initialisation (and so
        // every seeded result) exactly what the PyTorch-style U(-1/sqrt(H), 1/sqrt(H)) draws below give.
        var state = random.get_rng_state();
        _native = new(nn.LSTM(inputDim, hidden, batchFirst: true));
        random.set_rng_state(state);
        var p = _native.Value!.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        weight_ih_l0 = p[nameof(weight_ih_l0)];
        weight_hh_l0 = p[nameof(weight_hh_l0)];
        bias_ih_l0 = p[nameof(bias_ih_l0)];
        bias_hh_l0 = p[nameof(bias_hh_l0)];
        _nativeParameters = [weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0];
        var bound = 1.0 / Math.Sqrt(hidden);
        using (no_grad())
        {
            foreach (var parameter in _nativeParameters)
            {
                parameter.uniform_(-bound, bound);
            }
        }

        register_parameter(nameof(weight_ih_l0), weight_ih_l0);
        register_parameter(nameof(weight_hh_l0), weight_hh_l0);
        register_parameter(nameof(bias_ih_l0), bias_ih_l0);
        register_parameter(nameof(bias_hh_l0), bias_hh_l0);
    }

    /// <summary>Whether the last <see cref="forward"/> ran the native kernel (for tests and benchmarks).</summary>
    public bool UsedNative { get; private set; }

    /// <summary>Runs over [B, T, D] from zero state; returns all hidden states [B, T, H] and the last h and c [1, B, H].</summary>
    public override (Tensor Output, Tensor LastHidden, Tensor LastCell) forward(Tensor x)
    {
        UsedNative = CanUseNative(x);
        if (UsedNative)
        {
            // Outside oneDNN: libtorch's own CPU LSTM is right at every hidden size and 2.5x faster to train here.
            using var aten = OneDnnSwitch.Disable();
            var (output, h, c) = _native.Value!.forward(x);
            return (output, h, c);
        }

        return Equations(x);
    }

    private bool CanUseNative(Tensor x)
    {
        if (!ReferenceEquals(_nativeParameters[0], weight_ih_l0) || !ReferenceEquals(_nativeParameters[1], weight_hh_l0)
            || !ReferenceEquals(_nativeParameters[2], bias_ih_l0) || !ReferenceEquals(_nativeParameters[3], bias_hh_l0)
            || x.device_type != DeviceType.CPU || weight_ih_l0.device_type != DeviceType.CPU || x.dtype != weight_ih_l0.dtype)
        {
            return false;
        }

        var key = (weight_ih_l0.shape[1], _hidden);
        lock (NativeAgrees)
        {
            if (!NativeAgrees.TryGetValue(key, out var agrees))
            {
                agrees = NativeMatchesEquations();
                NativeAgrees[key] = agrees;
            }

            return agrees;
        }
    }

    private bool NativeMatchesEquations()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(20260101);
        var x = randn([3, 7, weight_ih_l0.shape[1]], generator: generator, dtype: weight_ih_l0.dtype);
        using var aten = OneDnnSwitch.Disable();
        var native = _native.Value!.forward(x);
        var reference = Equations(x);
        return (native.Item1 - reference.Output).abs().max().item<float>() < 1e-4
            && (native.Item2 - reference.LastHidden).abs().max().item<float>() < 1e-4
            && (native.Item3 - reference.LastCell).abs().max().item<float>() < 1e-4;
    }

    /// <summary>The written-out recurrence (the reference, and the path when the native kernel is not used).</summary>
    public (Tensor Output, Tensor LastHidden, Tensor LastCell) Equations(Tensor x)
    {
        var batch = x.shape[0];
        var steps = x.shape[1];
        var projected = nn.functional.linear(x, weight_ih_l0, bias_ih_l0.Plus(bias_hh_l0));
        var recurrent = weight_hh_l0.t();
        var h = zeros(batch, _hidden, dtype: x.dtype, device: x.device);
        var c = zeros(batch, _hidden, dtype: x.dtype, device: x.device);
        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var gates = projected.select(1, t).Plus(matmul(h, recurrent));
            var g = gates.chunk(4, 1);
            c = (sigmoid(g[1]) * c).Plus(sigmoid(g[0]) * tanh(g[2]));
            h = sigmoid(g[3]) * tanh(c);
            outputs[t] = h;
        }

        return (stack(outputs, 1), h.unsqueeze(0), c.unsqueeze(0));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _native.Value!.Dispose();
        }

        base.Dispose(disposing);
    }
}
