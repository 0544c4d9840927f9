using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Meiju.Model;

/// <summary>
/// The two-branch emotion/intent model built from a <see cref="ModelConfig"/>. Each branch (Emo, Int) has one
/// encoder per feature stream, a Transformer fusion encoder over the stream tokens and heads; stage 2 adds the
/// joint module between the branches. Sub-networks carry the baseline's names (netEmoA, netIntFusion,
/// netEmo_Int_interaction, netEmoC, netEmoCF, ...), so the state-dict keys are the baseline's keys.
/// </summary>
public sealed class MeijuModel : nn.Module<ModelBatch, ModelOutput>
{
    /// <summary>The two branch prefixes, in the baseline's order.</summary>
    public static readonly IReadOnlyList<string> Tasks = ["Emo", "Int"];

    private readonly Dictionary<string, nn.Module> _subNetworks = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<string> _pretrained = [];
    private readonly IReadOnlyList<StreamConfig> _tokens;

    private MeijuModel(ModelConfig config) : base(nameof(MeijuModel))
    {
        config.Validate(config.Name);
        Config = config;
        Stage = config.ParsedStage;
        _tokens = config.TokenStreams;

        foreach (var stream in config.ActiveStreams)
        {
            var inputDim = config.InputDim(stream);
            foreach (var task in Tasks)
            {
                var (encoder, outDim) = CreateEncoder(stream, inputDim);
                Add($"net{task}{stream.Name}", encoder, pretrained: true);
                if (stream.Project || outDim != config.Hidden)
                {
                    Add($"net{task}{stream.Name}Proj", new ModalityProjector(outDim, config.Hidden), pretrained: true);
                }
            }
        }

        foreach (var task in Tasks)
        {
            Add($"net{task}Fusion", new TransformerFusionEncoder(config.Hidden, config.Fusion.Layers, config.Fusion.Heads, config.Fusion.Ffn, config.Fusion.Dropout), pretrained: true);
        }

        var headInput = (long)_tokens.Count * config.Hidden;
        var layers = config.Classifier.Layers;
        var dropout = config.Classifier.Dropout;
        if (Stage == ModelStage.Joint)
        {
            Add("netEmo_Int_interaction", new JointInteractionModule(config.Hidden, config.Interaction.Heads, config.Interaction.Dropout));
            Add("netInt_Emo_interaction", new JointInteractionModule(config.Hidden, config.Interaction.Heads, config.Interaction.Dropout));
            Add("netEmoC", new FcClassifier(headInput, layers, config.EmotionClasses, dropout));
            Add("netEmoCF", new FcClassifier(headInput, layers, config.EmotionClasses, dropout));
            Add("netIntC", new FcClassifier(headInput, layers, config.IntentClasses, dropout));
            Add("netIntCF", new FcClassifier(headInput, layers, config.IntentClasses, dropout));
        }
        else
        {
            Add("netEmoCF", new FcClassifier(headInput, layers, config.EmotionClasses, dropout));
            Add("netIntCF", new FcClassifier(headInput, layers, config.IntentClasses, dropout));
        }
    }

    /// <summary>The configuration this model was built from.</summary>
    public ModelConfig Config { get; }

    /// <summary>Stage 1 (pretrain) or stage 2 (joint).</summary>
    public ModelStage Stage { get; }

    /// <summary>Sub-network names in state-dict order (the baseline's <c>model_names</c> order for its configs).</summary>
    public IReadOnlyList<string> SubNetworkNames => _order;

    /// <summary>The streams feeding the fusion encoder, in token order.</summary>
    public IReadOnlyList<StreamConfig> TokenStreams => _tokens;

    /// <summary>Total number of parameter values.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>
    /// Builds a model with fresh weights. All initial weights come from <paramref name="seed"/> (this reseeds
    /// TorchSharp's global generator), so the same config and seed give the same model.
    /// </summary>
    public static MeijuModel Create(ModelConfig config, long seed = 0)
    {
        torch.random.manual_seed(seed);
        return new MeijuModel(config);
    }

    /// <summary>Saves this model to a folder (config.json + model.safetensors), atomically per file.</summary>
    public void Save(string folder) => ModelCheckpoint.Save(this, folder);

    /// <summary>Loads a model folder written by <see cref="Save"/>, in eval mode.</summary>
    public static MeijuModel Load(string folder) => ModelCheckpoint.Load(folder);

    /// <summary>A sub-network by name (e.g. <c>netEmoA</c>).</summary>
    public nn.Module SubNetwork(string name) =>
        _subNetworks.TryGetValue(name, out var m) ? m : throw new KeyNotFoundException($"no sub-network '{name}' (have: {string.Join(", ", _order)})");

    /// <summary>Parameters per sub-network, in state-dict order (for per-network optimiser groups and clipping).</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<Parameter> Parameters)> ParameterGroups() =>
        _order.Select(n => (n, (IReadOnlyList<Parameter>)_subNetworks[n].parameters().ToList())).ToList();

    /// <summary>
    /// Names of the sub-networks that make up the pre-trained emotion and intention classifiers of figure 2
    /// (every encoder, projector and fusion encoder), i.e. what stage 2 takes from stage 1.
    /// </summary>
    public IReadOnlyList<string> PretrainedSubNetworkNames => _pretrained;

    /// <summary>
    /// Freezes the pre-trained classifiers (figure 2's snowflakes: <see cref="PretrainedSubNetworkNames"/>), so
    /// only the joint module and the heads train. Returns the frozen sub-networks' names.
    /// </summary>
    public IReadOnlyList<string> FreezeClassifiers()
    {
        var names = PretrainedSubNetworkNames;
        foreach (var n in names)
        {
            foreach (var p in _subNetworks[n].parameters())
            {
                p.requires_grad = false;
            }
        }

        return names;
    }

    /// <summary>Makes every parameter trainable again.</summary>
    public void Unfreeze()
    {
        foreach (var p in parameters())
        {
            p.requires_grad = true;
        }
    }

    /// <summary>
    /// Copies the encoders, projectors and fusion encoders from a trained stage-1 model (the baseline's
    /// stage-2 start); the joint module and heads keep their fresh weights.
    /// </summary>
    /// <exception cref="ArgumentException">The two models' shared sub-networks differ in shape.</exception>
    public void InitializeFromPretrained(MeijuModel pretrained)
    {
        var source = pretrained.state_dict();
        var target = state_dict();
        using var _ = no_grad();
        foreach (var net in PretrainedSubNetworkNames)
        {
            foreach (var (key, tensor) in target.Where(kv => kv.Key.StartsWith(net + ".", StringComparison.Ordinal)))
            {
                if (!source.TryGetValue(key, out var from))
                {
                    throw new ArgumentException($"the stage-1 model has no '{key}'");
                }

                if (!from.shape.SequenceEqual(tensor.shape))
                {
                    throw new ArgumentException($"'{key}' is [{string.Join(", ", from.shape)}] in the stage-1 model but [{string.Join(", ", tensor.shape)}] here");
                }

                tensor.copy_(from);
            }
        }
    }

    /// <summary>Runs the model; see <see cref="Forward(ModelBatch, bool)"/>.</summary>
    public override ModelOutput forward(ModelBatch batch) => Forward(batch, false);

    /// <summary>
    /// Runs both branches on <paramref name="batch"/> and returns every head's logits; with
    /// <paramref name="captureIntermediates"/>, also each sub-network's output (the fixture's hook names).
    /// </summary>
    /// <exception cref="ArgumentException">A stream is missing from the batch or has the wrong feature width.</exception>
    public ModelOutput Forward(ModelBatch batch, bool captureIntermediates = false)
    {
        var logits = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var inter = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var encoded = new Dictionary<string, List<Tensor>>();
        var fused = new Dictionary<string, Tensor>();
        var (missing, keep) = PresenceMasks(batch);

        foreach (var task in Tasks)
        {
            var feats = new List<Tensor>(_tokens.Count);
            foreach (var stream in _tokens)
            {
                var x = Input(batch, stream);
                Tensor? lengths = null;
                if (Config.PaddingMasks && batch.Lengths is not null && batch.Lengths.TryGetValue(stream.Name, out var l))
                {
                    lengths = l;
                }

                var name = $"net{task}{stream.Name}";
                var y = _subNetworks[name] switch
                {
                    LstmSequenceEncoder lstm => lstm.Forward(x, lengths),
                    TextCnnEncoder cnn => cnn.Forward(x, lengths),
                    PoolEncoder pool => pool.Forward(x, lengths),
                    _ => throw new InvalidOperationException($"unexpected encoder type for {name}"),
                };
                if (captureIntermediates)
                {
                    inter[name] = y;
                }

                if (_subNetworks.TryGetValue(name + "Proj", out var proj))
                {
                    y = ((ModalityProjector)proj).forward(y);
                    if (captureIntermediates)
                    {
                        inter[name + "Proj"] = y;
                    }
                }

                if (keep is not null)
                {
                    y = y * keep[feats.Count];
                }

                feats.Add(y);
            }

            encoded[task] = feats;
            var tokens = stack(feats, 0);
            var f = ((TransformerFusionEncoder)_subNetworks[$"net{task}Fusion"]).Forward(tokens, missing);
            if (keep is not null)
            {
                f = f * stack(keep, 0);
            }

            fused[task] = f;
            if (captureIntermediates)
            {
                inter[$"net{task}Fusion"] = f;
            }
        }

        if (Stage == ModelStage.Pretrain)
        {
            foreach (var task in Tasks)
            {
                Head($"net{task}CF", Flatten(fused[task]), FusionName(task), logits, inter, captureIntermediates);
            }
        }
        else
        {
            foreach (var task in Tasks)
            {
                var other = task == "Emo" ? "Int" : "Emo";
                Head($"net{task}CF", cat(encoded[task], -1), FusionName(task), logits, inter, captureIntermediates);
                var net = $"net{task}_{other}_interaction";
                var joint = ((JointInteractionModule)_subNetworks[net]).Forward(fused[task], fused[other], missing);
                if (keep is not null)
                {
                    joint = joint * stack(keep, 0);
                }

                var r = Flatten(joint);
                if (captureIntermediates)
                {
                    inter[net] = r;
                }

                Head($"net{task}C", r, task == "Emo" ? ModelOutput.EmotionLogitsName : ModelOutput.IntentLogitsName, logits, inter, captureIntermediates);
            }
        }

        return new ModelOutput(Stage, logits, inter);
    }

    /// <summary>
    /// From <see cref="ModelBatch.Presence"/>: the key padding mask [B, S] (true = missing) and per token a [B, 1]
    /// float multiplier (0 = missing); both null when every stream is present, so the default path is unchanged.
    /// An item with no stream at all keeps every token unmasked (attention over nothing is undefined); its
    /// tokens are still zeroed, so its prediction is the heads' bias.
    /// </summary>
    private (Tensor? Missing, List<Tensor>? Keep) PresenceMasks(ModelBatch batch)
    {
        if (batch.Presence is null || !_tokens.Any(s => batch.Presence.ContainsKey(s.Name)))
        {
            return (null, null);
        }

        var b = batch.Features[_tokens[0].Name].shape[0];
        var device = batch.Features[_tokens[0].Name].device;
        var present = _tokens
            .Select(s => batch.Presence.TryGetValue(s.Name, out var p) ? p.to(ScalarType.Bool).to(device).reshape(b) : ones(b, ScalarType.Bool, device))
            .ToList();
        var presentMatrix = stack(present, 1);
        var none = presentMatrix.any(1).logical_not().unsqueeze(1);
        var missing = presentMatrix.logical_not().logical_and(none.logical_not());
        var keep = present.Select(p => p.to(ScalarType.Float32).unsqueeze(1)).ToList();
        return (missing, keep);
    }

    private static string FusionName(string task) =>
        task == "Emo" ? ModelOutput.EmotionFusionLogitsName : ModelOutput.IntentFusionLogitsName;

    private void Head(string net, Tensor input, string logitsName, Dictionary<string, Tensor> logits, Dictionary<string, Tensor> inter, bool capture)
    {
        var (l, feature) = ((FcClassifier)_subNetworks[net]).Forward(input);
        logits[logitsName] = l;
        if (capture)
        {
            inter[net + ".out0"] = l;
            inter[net + ".out1"] = feature;
        }
    }

    /// <summary>[S, B, E] tokens → [B, S·E], token-major (the baseline's cat of tokens along features).</summary>
    private static Tensor Flatten(Tensor tokens) => tokens.transpose(0, 1).reshape(tokens.shape[1], -1);

    private Tensor Input(ModelBatch batch, StreamConfig stream)
    {
        if (!batch.Features.TryGetValue(stream.Name, out var x))
        {
            throw new ArgumentException($"the batch has no features for stream '{stream.Name}' ({stream.Feature}); have: {string.Join(", ", batch.Features.Keys)}");
        }

        var dim = Config.InputDim(stream);
        if (x.dim() != 3 || x.shape[2] != dim)
        {
            throw new ArgumentException($"stream '{stream.Name}' ({stream.Feature}) expects features [B, T, {dim}], got [{string.Join(", ", x.shape)}]");
        }

        return x;
    }

    private (nn.Module Encoder, long OutputDim) CreateEncoder(StreamConfig stream, int inputDim)
    {
        var e = stream.Encoder;
        return e.Type.ToLowerInvariant() switch
        {
            "lstm" => (new LstmSequenceEncoder(inputDim, e.Hidden, PaddingMask.ParsePooling(e.Pooling)), e.Hidden),
            "textcnn" => (new TextCnnEncoder(inputDim, e.Hidden, e.Kernels, e.Channels, e.Dropout), e.Hidden),
            "pool" => (new PoolEncoder(inputDim, e.Hidden, e.Dropout), e.Hidden),
            _ => throw new ArgumentException($"unknown encoder '{e.Type}'"),
        };
    }

    private void Add(string name, nn.Module module, bool pretrained = false)
    {
        if (pretrained)
        {
            _pretrained.Add(name);
        }

        _subNetworks[name] = module;
        _order.Add(name);
        register_module(name, module);
    }
}
