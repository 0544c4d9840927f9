using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Model.Tests;

public class TorchScalarsTests
{
    // A thread forcing collections finalizes unreachable Scalars while the test thread is inside libtorch: a
    // temporary −∞ (the C# implicit conversion) is then freed mid-call now and then ("Expected false to be true …
    // toFloat"), a held one never is. 100,000 small calls take about two seconds.
    [Fact]
    public void Held_scalars_survive_collections_during_libtorch_calls()
    {
        const int calls = 100_000;
        var x = randn(8, 8);
        var mask = rand(8, 8) > 0.5;
        var stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        var (heldFailures, temporaryFailures) = (0, 0);
        try
        {
            for (var i = 0; i < calls; i++)
            {
                heldFailures += Fails(() => x.masked_fill(mask, TorchScalars.NegativeInfinity), mask);
                temporaryFailures += Fails(() => x.masked_fill(mask, double.NegativeInfinity), mask);
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }

        Console.WriteLine($"masked_fill under forced collections, {calls:N0} calls each: held −∞ failed {heldFailures}, temporary −∞ failed {temporaryFailures}");
        Assert.Equal(0, heldFailures);
    }

    [Fact]
    public void Helpers_compute_what_the_operators_do()
    {
        using var scope = NewDisposeScope();
        var a = randn(5, 3);
        var b = randn(5, 3);
        Assert.True((a + b).eq(a.Plus(b)).all().item<bool>());
        Assert.True((0.3 * a).eq(a.Times(0.3)).all().item<bool>());
        Assert.True((1 - a).eq(a.SubtractedFrom(1)).all().item<bool>());
        Assert.True(a.abs().pow(1.7).eq(a.abs().Power(1.7)).all().item<bool>());
        Assert.Equal(new long[] { 0, 1, 2, 3 }, TorchScalars.Range(4, CPU).data<long>().ToArray());
        Assert.Equal(new long[] { 7, 7, 7 }, TorchScalars.Filled(3, 7).data<long>().ToArray());
    }

    private static int Fails(Func<Tensor> op, Tensor mask)
    {
        using var scope = NewDisposeScope();
        try
        {
            return op().masked_select(mask).isneginf().all().item<bool>() ? 0 : 1;
        }
        catch (ExternalException)
        {
            return 1;
        }
    }
}
