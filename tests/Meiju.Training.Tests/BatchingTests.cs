using Meiju.Data;
using static TorchSharp.torch;

namespace Meiju.Training.Tests;

public class BatchingTests
{
    [Fact]
    public void Permutation_is_a_permutation_and_depends_on_seed_stage_and_epoch()
    {
        var a = EpochOrder.Permutation(1, 1, 0, 100);
        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.Equal(a, EpochOrder.Permutation(1, 1, 0, 100));
        Assert.NotEqual(a, EpochOrder.Permutation(2, 1, 0, 100));
        Assert.NotEqual(a, EpochOrder.Permutation(1, 2, 0, 100));
        Assert.NotEqual(a, EpochOrder.Permutation(1, 1, 1, 100));
    }

    [Fact]
    public void Batches_cover_the_order_once_with_a_short_last_batch()
    {
        var order = EpochOrder.Permutation(3, 1, 0, 37);
        var batches = EpochOrder.Batches(order, 16).ToArray();
        Assert.Equal([16, 16, 5], batches.Select(b => b.Length));
        Assert.Equal(order, batches.SelectMany(b => b));
    }

    [Fact]
    public void Bucketed_batches_cover_every_item_once_group_similar_lengths_and_are_seeded()
    {
        var lengths = Enumerable.Range(0, 1000).Select(i => (i * 37) % 90 + 1).ToArray();
        var order = EpochOrder.Permutation(4, 1, 0, lengths.Length);
        var batches = EpochOrder.BucketedBatches(order, lengths, 16, seed: 9, poolBatches: 10);
        Assert.Equal(Enumerable.Range(0, 1000), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 16));

        // Padding is what bucketing saves: sum over batches of (longest × size) against random batches.
        static long Padded(IEnumerable<int[]> bs, int[] len) => bs.Sum(b => (long)b.Max(i => len[i]) * b.Length);
        Assert.True(Padded(batches, lengths) < 0.7 * Padded(EpochOrder.Batches(order, 16), lengths));
        Assert.Equal(batches, EpochOrder.BucketedBatches(order, lengths, 16, seed: 9, poolBatches: 10));
        Assert.NotEqual(batches.Select(b => b[0]), EpochOrder.BucketedBatches(order, lengths, 16, seed: 10, poolBatches: 10).Select(b => b[0]));
    }

    [Fact]
    public void Batch_is_zero_padded_to_the_longest_utterance_with_true_lengths()
    {
        using var data = new SyntheticRun(train: 12, valid: 4);
        var config = SyntheticRun.Config();
        var streams = TrainingStream.Of(config.Model);
        var split = TrainingSplit.Open(data.Root, null, MeijuSplit.Train, streams, requireLabels: true);
        int[] idx = [0, 1, 2, 3];
        using var scope = NewDisposeScope();
        using var batch = BatchBuilder.Build(split, idx, CPU, minFrames: 4);
        for (var s = 0; s < streams.Count; s++)
        {
            var lens = idx.Select(i => split.Load(i, s).Rows).ToArray();
            var x = batch.Input.Features[streams[s].Name];
            Assert.Equal(Math.Max(4, lens.Max()), (int)x.shape[1]);
            Assert.Equal(lens.Select(l => (long)l), batch.Input.Lengths![streams[s].Name].data<long>().ToArray());
            for (var k = 0; k < idx.Length; k++)
            {
                var arr = split.Load(idx[k], s);
                // First frame equals the file; everything past the length is exactly zero.
                Assert.Equal(arr.Data[0], x[k, 0, 0].item<float>());
                if (lens[k] < x.shape[1])
                {
                    Assert.Equal(0f, x[k, lens[k]..].abs().sum().item<float>());
                }
            }

            var mask = batch.Mask(streams[s].Name);
            Assert.Equal(lens.Sum(), mask.sum().item<long>());
        }

        Assert.Equal(idx.Select(i => (long)split.Items[i].Emotion), batch.Emotion.data<long>().ToArray());
    }
}
