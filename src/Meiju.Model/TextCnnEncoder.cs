using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// TextCNN over [B, T, D] token features treated as a one-channel image: one Conv2d(1→C, (k, D)) per kernel
/// height (fields conv1, conv2, ...), ReLU, max over time, concatenation, dropout, then <c>embd</c> =
/// Sequential(Linear, ReLU) to the output width. The baseline uses kernels 2, 3, 4, C = 128, dropout 0.5.
/// </summary>
public sealed class TextCnnEncoder : nn.Module<Tensor, Tensor>
{
    private readonly long[] _kernels;

    // k − 1 per kernel: a window of width k is valid when it ends inside the sequence (see TorchScalars for why held).
    private readonly Scalar[] _windowShortfall;
    private readonly List<Conv2d> _convs = [];

    /// <summary>Dropout before the projection.</summary>
    public readonly Dropout dropout;

    /// <summary>Projection to the output width (keys <c>embd.0.*</c>).</summary>
    public readonly Sequential embd;

    /// <summary>Creates the encoder.</summary>
    public TextCnnEncoder(long inputDim, long embdSize, IReadOnlyList<int> kernels, long channels = 128, double dropoutRate = 0.5)
        : base(nameof(TextCnnEncoder))
    {
        _kernels = kernels.Select(k => (long)k).ToArray();
        _windowShortfall = [.. _kernels.Select(k => TorchScalars.Hold(k - 1))];
        for (var i = 0; i < _kernels.Length; i++)
        {
            var conv = nn.Conv2d(1, channels, (_kernels[i], inputDim));
            _convs.Add(conv);
            register_module($"conv{i + 1}", conv);
        }

        dropout = nn.Dropout(dropoutRate);
        embd = nn.Sequential(("0", nn.Linear(_kernels.Length * channels, embdSize)), ("1", nn.ReLU()));
        register_module(nameof(dropout), dropout);
        register_module(nameof(embd), embd);
    }

    /// <summary>Encodes [B, T, D] without lengths.</summary>
    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>
    /// Encodes [B, T, D]. Sequences shorter than the largest kernel are zero-padded to it (the baseline fails
    /// instead). With <paramref name="lengths"/>, windows that reach into padding leave the max-pool.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor? lengths)
    {
        var maxKernel = _kernels.Max();
        if (x.shape[1] < maxKernel)
        {
            x = nn.functional.pad(x, [0, 0, 0, maxKernel - x.shape[1]]);
        }

        var image = x.unsqueeze(1);
        var pooled = new List<Tensor>(_convs.Count);
        for (var i = 0; i < _convs.Count; i++)
        {
            var activation = nn.functional.relu(_convs[i].forward(image).squeeze(3));
            if (lengths is not null)
            {
                // Window t covers steps t..t+k-1; it is valid when it ends inside the sequence. Keep window 0
                // always, so a sequence shorter than k still yields a value.
                var windows = activation.shape[2];
                var valid = PaddingMask.Valid(lengths.to(ScalarType.Int64).sub(_windowShortfall[i]).clamp_min(TorchScalars.One), windows);
                activation = activation.masked_fill(valid.logical_not().unsqueeze(1), TorchScalars.NegativeInfinity);
            }

            pooled.Add(activation.amax([2]));
        }

        return embd.forward(dropout.forward(cat(pooled, 1)));
    }
}
