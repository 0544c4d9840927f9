using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// Multi-head attention with PyTorch's parameter layout (<c>in_proj_weight</c> [3E, E] with rows q, k, v,
/// <c>in_proj_bias</c>, <c>out_proj</c>) and sequence-first tensors [L, B, E], so baseline weights load as they are.
/// </summary>
/// <remarks>
/// Written here rather than using TorchSharp's own MultiheadAttention so that parameter names are exactly
/// PyTorch's and a key-padding mask can be passed without the native fast path.
/// </remarks>
public sealed class MultiheadAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly long _embedDim;
    private readonly long _heads;
    private readonly double _dropout;

    // √(head width), held for the life of the module (see TorchScalars).
    private readonly Scalar _scaling;

    /// <summary>Packed q, k, v projection weights [3E, E].</summary>
    public readonly Parameter in_proj_weight;

    /// <summary>Packed q, k, v projection biases [3E].</summary>
    public readonly Parameter in_proj_bias;

    /// <summary>Output projection.</summary>
    public readonly Linear out_proj;

    /// <summary>Creates the attention, initialised as PyTorch does (Xavier-uniform inputs, zero biases).</summary>
    public MultiheadAttention(long embedDim, long heads, double dropout = 0.0) : base(nameof(MultiheadAttention))
    {
        if (embedDim % heads != 0)
        {
            throw new ArgumentException($"embedding width {embedDim} is not divisible by {heads} heads");
        }

        _embedDim = embedDim;
        _heads = heads;
        _dropout = dropout;
        _scaling = TorchScalars.Hold(Math.Sqrt(embedDim / heads));
        in_proj_weight = nn.Parameter(empty(3 * embedDim, embedDim));
        in_proj_bias = nn.Parameter(zeros(3 * embedDim));
        out_proj = nn.Linear(embedDim, embedDim);
        using (no_grad())
        {
            nn.init.xavier_uniform_(in_proj_weight);
            nn.init.constant_(out_proj.bias!, TorchScalars.Zero);
        }

        register_parameter(nameof(in_proj_weight), in_proj_weight);
        register_parameter(nameof(in_proj_bias), in_proj_bias);
        register_module(nameof(out_proj), out_proj);
    }

    /// <summary>Attends from <paramref name="query"/> [Lq, B, E] over <paramref name="key"/>/<paramref name="value"/> [Lk, B, E].</summary>
    public override Tensor forward(Tensor query, Tensor key, Tensor value) => Forward(query, key, value, null);

    /// <summary>As <see cref="forward"/>, with an optional key padding mask [B, Lk] (true = ignore that key).</summary>
    public Tensor Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask)
    {
        var lq = query.shape[0];
        var batch = query.shape[1];
        var lk = key.shape[0];
        var headDim = _embedDim / _heads;

        var w = in_proj_weight.chunk(3, 0);
        var b = in_proj_bias.chunk(3, 0);
        var q = nn.functional.linear(query, w[0], b[0]);
        var k = nn.functional.linear(key, w[1], b[1]);
        var v = nn.functional.linear(value, w[2], b[2]);

        // [L, B, E] -> [B*H, L, hd], the layout PyTorch uses, so the arithmetic matches it step for step.
        q = q.reshape(lq, batch * _heads, headDim).transpose(0, 1);
        k = k.reshape(lk, batch * _heads, headDim).transpose(0, 1);
        v = v.reshape(lk, batch * _heads, headDim).transpose(0, 1);

        q = q.div(_scaling);
        var scores = bmm(q, k.transpose(1, 2));
        if (keyPaddingMask is not null)
        {
            var mask = keyPaddingMask.view(batch, 1, 1, lk).expand(batch, _heads, 1, lk).reshape(batch * _heads, 1, lk);
            scores = scores.masked_fill(mask, TorchScalars.NegativeInfinity);
        }

        var attn = nn.functional.softmax(scores, -1);
        if (_dropout > 0)
        {
            attn = nn.functional.dropout(attn, _dropout, training);
        }

        var output = bmm(attn, v).transpose(0, 1).reshape(lq, batch, _embedDim);
        return out_proj.forward(output);
    }
}
