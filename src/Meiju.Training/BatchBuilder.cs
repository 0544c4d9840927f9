using Meiju.Model;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>Assembles zero-padded batches from a split, as the baseline's collate does.</summary>
public static class BatchBuilder
{
    /// <summary>
    /// Builds the batch of utterances <paramref name="indices"/>. Each stream is padded with zeros to the longest
    /// utterance in the batch, and to at least <paramref name="minFrames"/> (TextCNN's widest kernel needs it).
    /// </summary>
    public static FeatureBatch Build(TrainingSplit split, IReadOnlyList<int> indices, Device device, int minFrames = 1)
    {
        var b = indices.Count;
        var features = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var lengths = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var s = 0; s < split.Streams.Count; s++)
        {
            var arrays = indices.Select(i => split.Load(i, s)).ToArray();
            var d = split.Streams[s].Dim;
            var t = Math.Max(minFrames, arrays.Max(a => a.Rows));
            var data = new float[(long)b * t * d];
            var lens = new long[b];
            for (var k = 0; k < b; k++)
            {
                arrays[k].Data.AsSpan().CopyTo(data.AsSpan(k * t * d));
                lens[k] = arrays[k].Rows;
            }

            features[split.Streams[s].Name] = tensor(data, [b, t, d], device: device);
            lengths[split.Streams[s].Name] = tensor(lens, device: device);
        }

        var emo = tensor(indices.Select(i => (long)split.Items[i].Emotion).ToArray(), device: device);
        var intent = tensor(indices.Select(i => (long)split.Items[i].Intent).ToArray(), device: device);
        var names = indices.Select(i => split.Items[i].Name).ToArray();
        return new FeatureBatch(names, new ModelBatch(features, lengths), emo, intent);
    }
}
