using Meiju.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training.Tests;

public class OptimizationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Steps_equal_TorchSharps_own_optimizer_bit_for_bit(bool decoupled)
    {
        var (ours, ourOptimizer) = Make(decoupled, held: true);
        var (theirs, theirOptimizer) = Make(decoupled, held: false);
        for (var step = 0; step < 25; step++)
        {
            Step(ours, ourOptimizer, step);
            Step(theirs, theirOptimizer, step);
        }

        foreach (var ((name, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters()))
        {
            Assert.True(a.eq(b).all().item<bool>(), $"{name} differs after 25 steps");
        }
    }

    [Fact]
    public void Saved_state_is_TorchSharps_Adam_state()
    {
        var (ours, optimizer) = Make(decoupled: false, held: true);
        Step(ours, optimizer, 0);
        using var stream = new MemoryStream();
        ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(new BinaryWriter(stream));

        // TorchSharp's Adam on a copy of the weights continues from the saved moments exactly as ours does.
        var (theirs, theirOptimizer) = Make(decoupled: false, held: false);
        using (no_grad())
        {
            foreach (var ((_, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters()))
            {
                b.copy_(a);
            }
        }

        stream.Position = 0;
        ((TorchSharp.Modules.OptimizerHelper)theirOptimizer).load_state_dict(new BinaryReader(stream));
        Step(ours, optimizer, 1);
        Step(theirs, theirOptimizer, 1);
        Assert.All(ours.parameters().Zip(theirs.parameters()), p => Assert.True(p.First.eq(p.Second).all().item<bool>()));
    }

    private static (nn.Module<Tensor, Tensor> Model, optim.Optimizer Optimizer) Make(bool decoupled, bool held)
    {
        manual_seed(5);
        var model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3));
        optim.Optimizer optimizer = (decoupled, held) switch
        {
            (false, true) => new Adam(model.parameters(), 0.01, 0.5, 0.999, 1e-8, 1e-3),
            (false, false) => optim.Adam(model.parameters(), 0.01, 0.5, 0.999, 1e-8, 1e-3),
            (true, true) => new AdamW(model.parameters(), 0.01, 1e-2),
            (true, false) => optim.AdamW(model.parameters(), 0.01, weight_decay: 1e-2),
        };
        return (model, optimizer);
    }

    private static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int step)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator((ulong)(100 + step));
        var x = randn([16, 6], generator: gen);
        var y = randint(3, [16], generator: gen);
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.forward(x), y).backward();
        optimizer.step();
    }
}
