using static TorchSharp.torch;

namespace Meiju.Model.Tests;

public class LstmLayerTests
{
    /// <summary>The LSTM equations, one step at a time, as the reference.</summary>
    private static Tensor Reference(LstmLayer rnn, Tensor x)
    {
        var hidden = rnn.weight_hh_l0.shape[1];
        var h = zeros(x.shape[0], hidden);
        var c = zeros(x.shape[0], hidden);
        var outputs = new List<Tensor>();
        for (var t = 0; t < x.shape[1]; t++)
        {
            var xt = x.select(1, t);
            var gates = matmul(xt, rnn.weight_ih_l0.t()) + rnn.bias_ih_l0 + matmul(h, rnn.weight_hh_l0.t()) + rnn.bias_hh_l0;
            var i = sigmoid(gates.narrow(1, 0, hidden));
            var f = sigmoid(gates.narrow(1, hidden, hidden));
            var g = tanh(gates.narrow(1, 2 * hidden, hidden));
            var o = sigmoid(gates.narrow(1, 3 * hidden, hidden));
            c = f * c + i * g;
            h = o * tanh(c);
            outputs.Add(h);
        }

        return stack(outputs, 1);
    }

    [Theory]
    [InlineData(6, 8, 3, 9)]
    [InlineData(512, 8, 2, 5)]
    [InlineData(64, 32, 3, 9)]
    [InlineData(342, 128, 2, 20)]
    public void MatchesTheLstmEquations(int input, int hidden, int batch, int steps)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        random.manual_seed(4);
        using var rnn = new LstmLayer(input, hidden);
        var x = randn(batch, steps, input);
        var (output, last, cell) = rnn.forward(x);
        var expected = Reference(rnn, x);
        // Float32 sums over up to 512 inputs differ from the step-by-step reference in the 6th digit.
        Assert.True((output - expected).abs().max().item<float>() < 1e-4);
        Assert.True((last.squeeze(0) - expected.select(1, steps - 1)).abs().max().item<float>() < 1e-4);
        Assert.Equal([1L, batch, hidden], cell.shape);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"], rnn.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void GradientsFlowToEveryParameter()
    {
        using var scope = NewDisposeScope();
        using var rnn = new LstmLayer(5, 4);
        var (output, _, _) = rnn.forward(randn(2, 6, 5));
        output.sum().backward();
        Assert.All(rnn.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Theory]
    [InlineData(512, 128, 4, 30)]
    [InlineData(6, 8, 3, 9)]
    public void NativeKernelAndWrittenOutRecurrenceAgreeInValueAndGradient(int input, int hidden, int batch, int steps)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(9);
        using var rnn = new LstmLayer(input, hidden);
        var x = randn(batch, steps, input);
        var native = rnn.forward(x).Output;

        // With oneDNN switched off around it, libtorch's LSTM is right at every size (oneDNN's is wrong below 32).
        Assert.True(OneDnnSwitch.Available, "at::Context::setUserEnabledMkldnn not found in libtorch_cpu.so");
        Assert.True(rnn.UsedNative);
        native.amax([1]).sum().backward();
        var nativeGrads = rnn.parameters().Select(p => p.grad!.clone()).ToList();
        rnn.zero_grad();
        var written = rnn.Equations(x).Output;
        written.amax([1]).sum().backward();
        Assert.True((native - written).abs().max().item<float>() < 1e-4);
        foreach (var (a, b) in nativeGrads.Zip(rnn.parameters().Select(p => p.grad!)))
        {
            Assert.True((a - b).abs().max().item<float>() < 1e-3);
        }
    }

    [Fact]
    public void InitialisationDrawsTheSameNumbersAsBefore()
    {
        // Creating the native module must not consume torch's global generator: the layer's weights are the four
        // U(-1/sqrt(H), 1/sqrt(H)) draws in PyTorch's order, and the generator ends where those draws leave it.
        random.manual_seed(3);
        using var rnn = new LstmLayer(5, 4);
        var after = rand([1L]).item<float>();
        random.manual_seed(3);
        var bound = 1.0 / Math.Sqrt(4);
        var expected = new[] { empty(16, 5).uniform_(-bound, bound), empty(16, 4).uniform_(-bound, bound), empty(16).uniform_(-bound, bound), empty(16).uniform_(-bound, bound) };
        Assert.Equal(rand([1L]).item<float>(), after);
        foreach (var (p, e) in rnn.parameters().Zip(expected))
        {
            Assert.Equal(0f, (p - e).abs().max().item<float>());
        }
    }

    [Fact]
    public void OneDnnSwitchRestoresTheFlagAndScopesNest()
    {
        Assert.True(OneDnnSwitch.Available);
        using (OneDnnSwitch.Disable())
        {
            using (OneDnnSwitch.Disable())
            {
            }

            // Still off inside the outer scope: a second LSTM forward here must not turn oneDNN back on early.
            random.manual_seed(2);
            using var rnn = new LstmLayer(6, 8);
            var x = randn(2, 4, 6);
            Assert.True((rnn.forward(x).Output - rnn.Equations(x).Output).abs().max().item<float>() < 1e-4);
        }
    }
}
