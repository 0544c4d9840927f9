using Meiju.Model;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>The result of augmenting one batch: the new input and, with mixup, the partner order and weight.</summary>
/// <param name="Input">The augmented input (new tensors; the original batch is untouched).</param>
/// <param name="Partner">[B] int64 index of each sample's mixup partner, or null without mixup.</param>
/// <param name="Lambda">Weight of the sample itself (1 without mixup).</param>
public sealed record AugmentedBatch(ModelBatch Input, Tensor? Partner, double Lambda);

/// <summary>
/// Feature-level augmentation for the low-resource case: time masking (one zeroed span per utterance and stream,
/// SpecAugment-style) and mixup (Zhang et al. 2018: inputs mixed within the batch with λ ~ Beta(α, α), the loss
/// mixed with the same λ). Every draw comes from the <see cref="SplitMix"/> passed in, so a seed fixes it.
/// </summary>
public static class FeatureAugmentation
{
    /// <summary>Augments <paramref name="input"/> as <paramref name="options"/> say.</summary>
    public static AugmentedBatch Apply(ModelBatch input, AugmentationOptions options, SplitMix rng)
    {
        var features = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var lengths = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, x) in input.Features.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var b = (int)x.shape[0];
            var t = (int)x.shape[1];
            var lens = input.Lengths is not null && input.Lengths.TryGetValue(name, out var l)
                ? l.cpu().to(ScalarType.Int64).data<long>().ToArray()
                : Enumerable.Repeat((long)t, b).ToArray();
            var y = x;
            if (options.TimeMask > 0)
            {
                var keep = new float[b * t];
                Array.Fill(keep, 1f);
                for (var k = 0; k < b; k++)
                {
                    var span = (int)Math.Floor(rng.NextDouble() * options.TimeMask * lens[k]);
                    if (span > 0)
                    {
                        var start = rng.Next((int)lens[k] - span + 1);
                        Array.Fill(keep, 0f, k * t + start, span);
                    }
                }

                y = y * tensor(keep, [b, t, 1], device: x.device);
            }

            features[name] = y;
            lengths[name] = tensor(lens, device: x.device);
        }

        if (options.Mixup <= 0)
        {
            return new AugmentedBatch(new ModelBatch(features, lengths), null, 1.0);
        }

        var size = (int)features.Values.First().shape[0];
        var order = Enumerable.Range(0, size).ToArray();
        for (var i = size - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var lambda = rng.NextBeta(options.Mixup);
        var partner = tensor(order.Select(o => (long)o).ToArray(), device: features.Values.First().device);
        foreach (var name in features.Keys.ToArray())
        {
            var x = features[name];
            features[name] = x.Times(lambda).Plus(x.index_select(0, partner).Times(1 - lambda));
            lengths[name] = maximum(lengths[name], lengths[name].index_select(0, partner));
        }

        return new AugmentedBatch(new ModelBatch(features, lengths), partner, lambda);
    }
}
