using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Meiju.Training.StandIns;

/// <summary>
/// Stand-in for the model branch: the official baseline's shape (per task: an LSTM per audio/visual stream with
/// max over time, TextCNN per text stream, a transformer over the stream tokens, stage-1 heads; for stage 2 an
/// interaction module per direction, fresh heads and auxiliary heads on the raw encoder outputs).
/// </summary>
public sealed class StandInJointModel : Module, IJointModel
{
    private readonly ModelOptions _options;
    private readonly Branch _emo;
    private readonly Branch _int;

    /// <summary>Builds the model for <paramref name="streams"/>; initialisation draws from torch's global generator.</summary>
    public StandInJointModel(IReadOnlyList<FeatureStream> streams, ModelOptions options, int emotionClasses, int intentClasses)
        : base("StandInJointModel")
    {
        _options = options;
        _emo = new Branch("emo", streams, options, emotionClasses);
        _int = new Branch("int", streams, options, intentClasses);
        MinFrames = options.TextKernels.Max();
        RegisterComponents();
    }

    /// <inheritdoc />
    public torch.nn.Module Module => this;

    /// <inheritdoc />
    public int MinFrames { get; }

    /// <inheritdoc />
    public JointOutput Forward(FeatureBatch batch, TrainingStage stage)
    {
        var (fe, rawE) = _emo.Encode(batch, _options.Masks);
        var (fi, rawI) = _int.Encode(batch, _options.Masks);
        if (stage == TrainingStage.Stage1)
        {
            return new JointOutput(_emo.Head1.call(Flatten(fe)), _int.Head1.call(Flatten(fi)), null, null);
        }

        var re = _emo.Interact.call(fe, fi);
        var ri = _int.Interact.call(fi, fe);
        return new JointOutput(
            _emo.Head2.call(Flatten(re)),
            _int.Head2.call(Flatten(ri)),
            _emo.Aux.call(rawE),
            _int.Aux.call(rawI));
    }

    /// <inheritdoc />
    public IReadOnlyList<ParameterGroup> Prepare(TrainingStage stage, TrainingRecipe recipe, bool training)
    {
        train(training);
        foreach (var p in parameters())
        {
            p.requires_grad = false;
        }

        var groups = new List<ParameterGroup>();
        foreach (var b in new[] { _emo, _int })
        {
            var nets = new List<(string, Module)>();
            var frozenClassifier = stage == TrainingStage.Stage2 && recipe == TrainingRecipe.Paper;
            if (!frozenClassifier)
            {
                nets.AddRange(b.Encoders.Select((e, i) => ($"{b.Prefix}.enc{i}", (Module)e)));
                nets.Add(($"{b.Prefix}.fusion", b.Fusion));
            }
            else if (training)
            {
                // A frozen classifier runs as at inference: no dropout in the part that no longer learns.
                foreach (var e in b.Encoders)
                {
                    e.eval();
                }

                b.Fusion.eval();
            }

            if (stage == TrainingStage.Stage1)
            {
                nets.Add(($"{b.Prefix}.head1", b.Head1));
            }
            else
            {
                nets.Add(($"{b.Prefix}.interact", b.Interact));
                nets.Add(($"{b.Prefix}.head2", b.Head2));
                if (!frozenClassifier)
                {
                    nets.Add(($"{b.Prefix}.aux", b.Aux));
                }
            }

            foreach (var (name, m) in nets)
            {
                var ps = m.parameters().ToArray();
                foreach (var p in ps)
                {
                    p.requires_grad = training;
                }

                groups.Add(new ParameterGroup(name, ps));
            }
        }

        return groups;
    }

    /// <inheritdoc />
    public long ParameterCount(TrainingStage stage)
    {
        long n = 0;
        foreach (var b in new[] { _emo, _int })
        {
            var mods = b.Encoders.Cast<Module>().Append(b.Fusion);
            mods = stage == TrainingStage.Stage1 ? mods.Append(b.Head1) : mods.Append(b.Interact).Append(b.Head2).Append(b.Aux);
            n += mods.SelectMany(m => m.parameters()).Sum(p => p.numel());
        }

        return n;
    }

    private static Tensor Flatten(Tensor tokens) => tokens.permute(1, 0, 2).reshape(tokens.shape[1], -1);

    private sealed class Branch : Module
    {
        public Branch(string prefix, IReadOnlyList<FeatureStream> streams, ModelOptions o, int classes)
            : base(prefix)
        {
            Prefix = prefix;
            Encoders = new ModuleList<Module>(streams.Select(s => s.Modality == "L"
                ? (Module)new TextCnn(s.Dim, o)
                : new LstmEncoder(s.Dim, o.Hidden)).ToArray());
            var layers = Enumerable.Range(0, o.FusionLayers)
                .Select(_ => (Module<Tensor, Tensor>)TransformerEncoderLayer(o.Hidden, o.FusionHeads, o.FusionFfn, o.FusionDropout, Activations.ReLU))
                .ToArray();
            Fusion = Sequential(layers);
            var width = streams.Count * o.Hidden;
            Head1 = MakeHead(width, classes, o.Dropout);
            Head2 = MakeHead(width, classes, o.Dropout);
            Aux = MakeHead(width, classes, o.Dropout);
            Interact = new Interaction(o.Hidden, o.FusionHeads);
            RegisterComponents();
        }

        public string Prefix { get; }

        public ModuleList<Module> Encoders { get; }

        public Sequential Fusion { get; }

        public Sequential Head1 { get; }

        public Sequential Head2 { get; }

        public Sequential Aux { get; }

        public Interaction Interact { get; }

        /// <summary>Fused tokens [S, B, H] and the raw encoder outputs concatenated [B, S·H].</summary>
        public (Tensor Fused, Tensor Raw) Encode(FeatureBatch batch, bool masks)
        {
            var tokens = new Tensor[Encoders.Count];
            for (var s = 0; s < Encoders.Count; s++)
            {
                var mask = masks ? batch.Mask(s) : null;
                tokens[s] = Encoders[s] switch
                {
                    TextCnn t => t.Encode(batch.Inputs[s], mask),
                    LstmEncoder l => l.Encode(batch.Inputs[s], mask),
                    _ => throw new InvalidOperationException("unknown encoder"),
                };
            }

            var raw = cat(tokens, 1);
            var fused = Fusion.call(stack(tokens, 0));
            return (fused, raw);
        }

        private static Sequential MakeHead(int width, int classes, double dropout) => Sequential(
            Linear(width, 128), ReLU(), Dropout(dropout), Linear(128, 64), ReLU(), Dropout(dropout), Linear(64, classes));
    }

    private sealed class LstmEncoder : Module
    {
        private readonly LSTM _lstm;

        public LstmEncoder(int dim, int hidden)
            : base("lstm")
        {
            _lstm = LSTM(dim, hidden, batchFirst: true);
            RegisterComponents();
        }

        public Tensor Encode(Tensor x, Tensor? mask)
        {
            var (h, _, _) = _lstm.call(x);
            if (mask is not null)
            {
                h = h.masked_fill(mask.logical_not().unsqueeze(2), float.NegativeInfinity);
            }

            return h.max(1).values;
        }
    }

    private sealed class TextCnn : Module
    {
        private readonly ModuleList<Conv2d> _convs;
        private readonly Dropout _dropout;
        private readonly Linear _proj;
        private readonly int[] _kernels;

        public TextCnn(int dim, ModelOptions o)
            : base("textcnn")
        {
            _kernels = o.TextKernels.ToArray();
            _convs = new ModuleList<Conv2d>(_kernels.Select(k => Conv2d(1, o.TextChannels, (k, dim))).ToArray());
            _dropout = Dropout(o.Dropout);
            _proj = Linear(_kernels.Length * o.TextChannels, o.Hidden);
            RegisterComponents();
        }

        public Tensor Encode(Tensor x, Tensor? mask)
        {
            var img = x.unsqueeze(1);
            var pooled = new Tensor[_convs.Count];
            for (var i = 0; i < _convs.Count; i++)
            {
                var c = functional.relu(_convs[i].call(img)).squeeze(3);
                if (mask is not null)
                {
                    // Window j is valid when it starts at a real frame and ends inside the utterance; keep window 0 always.
                    var k = _kernels[i];
                    var windows = c.shape[2];
                    var lens = mask.sum(1, keepdim: true);
                    var pos = arange(windows, device: x.device).unsqueeze(0);
                    var valid = pos.le(lens - k).logical_or(pos.eq(0));
                    c = c.masked_fill(valid.logical_not().unsqueeze(1), float.NegativeInfinity);
                }

                pooled[i] = c.max(2).values;
            }

            return functional.relu(_proj.call(_dropout.call(cat(pooled, 1))));
        }
    }

    private sealed class Interaction : Module<Tensor, Tensor, Tensor>
    {
        private readonly MultiheadAttention _correlate;
        private readonly MultiheadAttention _interact;

        public Interaction(int hidden, int heads)
            : base("interaction")
        {
            _correlate = MultiheadAttention(hidden, heads);
            _interact = MultiheadAttention(hidden, heads);
            RegisterComponents();
        }

        public override Tensor forward(Tensor own, Tensor other)
        {
            var i = _correlate.call(own, other, other, null, false, null).Item1;
            var h = _interact.call(own, i, i, null, false, null).Item1;
            return own + h * functional.sigmoid(i + h);
        }
    }
}
