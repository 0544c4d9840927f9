using System.Diagnostics;
using Meiju.Features.Evaluation;
using Meiju.Labels;
using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Inference.Base;

/// <summary>
/// Trains meiju-base, the default model: a small stage-1 (pretrain) Meiju model over three utterance-level
/// streams (V faces, A voice, T text) on data sets that share no items across modalities. Emotion examples are
/// class-conditional pairings (a MELD sentence, a RAVDESS recording and a FER-2013 face of the same emotion, each
/// present with probability p, at least one), so the fusion encoder sees every subset of modalities; intent examples
/// are text only (MIntRec and DailyDialog mapped by <see cref="IntentMapping"/>). Absent modalities are masked
/// (<see cref="ModelBatch.Presence"/>) and a missing label is left out of its task's loss.
/// </summary>
public static class BaseModelTrainer
{
    /// <summary>The model configuration of meiju-base.</summary>
    public static ModelConfig Config()
    {
        StreamConfig Stream(string m, int dim) => new()
        {
            Name = m,
            Modality = m,
            Feature = BaseCorpus.Features[m],
            InputDim = dim,
            Encoder = new EncoderConfig { Type = "lstm", Hidden = 64, Pooling = "max" },
        };

        var config = new ModelConfig
        {
            Name = "meiju-base",
            Description = "Meiju's default model: utterance-level FER (faces), MFCC+prosody (voice) and MiniLM (text) streams, trained on unpaired public data with modality masks.",
            Stage = "pretrain",
            Modalities = ["V", "A", "T"],
            Hidden = 64,
            Streams = [Stream("V", 256), Stream("A", 82), Stream("T", 384)],
            Fusion = new FusionConfig { Layers = 1, Heads = 2, Ffn = 128, Dropout = 0.1 },
            Classifier = new ClassifierConfig { Layers = [64], Dropout = 0.2 },
        };
        config.Validate("meiju-base");
        return config;
    }

    /// <summary>Extracts (or reads cached) features, trains, scores the held-out splits and writes the model folder.</summary>
    public static BaseModelResult Train(BaseModelOptions options, IProgress<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var items = BaseCorpus.Load(options, new Progress<(string Source, int Done, int Total)>(p => progress?.Report($"features {p.Source} {p.Done}/{p.Total}")));
        var featureSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();

        var train = items.Where(i => i.Train).ToList();
        var heldOut = items.Where(i => !i.Train).ToList();
        var norm = new[] { "V", "A", "T" }.ToDictionary(m => m, m => FeatureNormalization.Fit(train.Where(i => i.Modality == m).Select(i => i.Features).ToList()));
        Func<BaseItem, float[]> prepared = i => norm[i.Modality].ApplyRow(i.Features);

        torch.random.manual_seed(options.Seed);
        var config = Config();
        var model = MeijuModel.Create(config, options.Seed);
        var optimizer = new Meiju.Training.Optimization.AdamW(model.parameters(), options.LearningRate, 1e-4);
        var rng = new Random(options.Seed);
        var emotionPools = new[] { "V", "A", "T" }.ToDictionary(m => m, m => Enumerable.Range(0, 7)
            .Select(c => train.Where(i => i.Modality == m && i.Emotion == c).ToList()).ToArray());
        var intentPools = Enumerable.Range(0, MeijuLabels.Intent.Count).Select(c => train.Where(i => i.Intent == c).ToList()).ToArray();
        var losses = new List<double>();

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var examples = new List<Example>();
            for (var c = 0; c < 7; c++)
            {
                for (var k = 0; k < options.EmotionExamplesPerClass; k++)
                {
                    var chosen = new Dictionary<string, BaseItem>();
                    while (chosen.Count == 0)
                    {
                        foreach (var m in new[] { "V", "A", "T" })
                        {
                            var pool = emotionPools[m][c];
                            if (pool.Count > 0 && rng.NextDouble() < options.PresentProbability)
                            {
                                chosen[m] = pool[rng.Next(pool.Count)];
                            }
                        }
                    }

                    examples.Add(new Example(chosen, c, -1));
                }
            }

            for (var c = 0; c < intentPools.Length; c++)
            {
                var pool = intentPools[c];
                for (var k = 0; k < Math.Min(options.IntentExamplesPerClass, pool.Count == 0 ? 0 : options.IntentExamplesPerClass); k++)
                {
                    examples.Add(new Example(new Dictionary<string, BaseItem> { ["T"] = pool[rng.Next(pool.Count)] }, -1, c));
                }
            }

            var order = examples.ToArray();
            rng.Shuffle(order);
            model.train();
            double sum = 0;
            var batches = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.Skip(start).Take(options.BatchSize).ToList();
                var output = model.Forward(Batch(batch, config, prepared));
                var emo = tensor(batch.Select(b => (long)b.Emotion).ToArray());
                var intent = tensor(batch.Select(b => (long)b.Intent).ToArray());
                var loss = zeros(1).squeeze();
                if (batch.Any(b => b.Emotion >= 0))
                {
                    loss = loss.Plus(nn.functional.cross_entropy(output.Emotion, emo, ignore_index: -1));
                }

                if (batch.Any(b => b.Intent >= 0))
                {
                    loss = loss.Plus(nn.functional.cross_entropy(output.Intent, intent, ignore_index: -1));
                }

                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                sum += loss.item<float>();
                batches++;
            }

            losses.Add(sum / Math.Max(1, batches));
            progress?.Report($"epoch {epoch}/{options.Epochs} loss {losses[^1]:0.000}");
        }

        model.eval();
        var scores = Score(model, config, heldOut, prepared, options.Seed);
        var trainSeconds = clock.Elapsed.TotalSeconds;

        Directory.CreateDirectory(options.OutDir);
        model.Save(options.OutDir);
        new InferenceSettings
        {
            Pooling = new[] { "V", "A", "T" }.ToDictionary(m => m, m => BaseCorpus.Pooling[m]),
            Normalization = norm,
            EmotionLabels = [.. MeijuLabels.Emotion.Classes],
            IntentLabels = [.. MeijuLabels.Intent.Classes],
        }.Save(options.OutDir);
        var result = new BaseModelResult(
            options.OutDir,
            train.GroupBy(i => i.Source).ToDictionary(g => g.Key, g => g.Count()),
            heldOut.GroupBy(i => i.Source).ToDictionary(g => g.Key, g => g.Count()),
            scores,
            model.ParameterCount,
            featureSeconds,
            trainSeconds,
            losses);
        BaseModelCard.Write(options, result);
        optimizer.Dispose();
        model.Dispose();
        return result;
    }

    private sealed record Example(IReadOnlyDictionary<string, BaseItem> Items, int Emotion, int Intent);

    private static ModelBatch Batch(IReadOnlyList<Example> batch, ModelConfig config, Func<BaseItem, float[]> prepared)
    {
        var features = new Dictionary<string, Tensor>();
        var presence = new Dictionary<string, Tensor>();
        foreach (var s in config.TokenStreams)
        {
            var dim = config.InputDim(s);
            var data = new float[batch.Count * dim];
            var present = new bool[batch.Count];
            for (var b = 0; b < batch.Count; b++)
            {
                if (batch[b].Items.TryGetValue(s.Name, out var item))
                {
                    prepared(item).CopyTo(data, b * dim);
                    present[b] = true;
                }
            }

            features[s.Name] = tensor(data, [batch.Count, 1, dim]);
            presence[s.Name] = tensor(present);
        }

        return new ModelBatch(features) { Presence = presence };
    }

    private static int[] Predict(MeijuModel model, ModelConfig config, IReadOnlyList<Example> examples, Func<BaseItem, float[]> prepared, bool emotion)
    {
        var result = new List<int>();
        using var _ = no_grad();
        for (var start = 0; start < examples.Count; start += 256)
        {
            using var scope = NewDisposeScope();
            var output = model.Forward(Batch(examples.Skip(start).Take(256).ToList(), config, prepared));
            result.AddRange((emotion ? output.Emotion : output.Intent).argmax(1).data<long>().Select(v => (int)v));
        }

        return [.. result];
    }

    private static List<BaseHeldOutScore> Score(MeijuModel model, ModelConfig config, IReadOnlyList<BaseItem> heldOut, Func<BaseItem, float[]> prepared, int seed)
    {
        var names = new Dictionary<string, string>
        {
            ["meld"] = "MELD dev", ["mintrec"] = "MIntRec dev (mapped)", ["dailydialog"] = "DailyDialog validation (mapped, sampled dialogues)",
            ["ravdess"] = "RAVDESS actors 17-20", ["fer2013"] = "FER-2013 train, seeded 20 % held out",
        };
        var scores = new List<BaseHeldOutScore>();
        foreach (var source in BaseCorpus.Sources)
        {
            var items = heldOut.Where(i => i.Source == source).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            var emotion = items[0].Emotion >= 0;
            var gold = items.Select(i => emotion ? i.Emotion : i.Intent).ToList();
            var examples = items.Select(i => new Example(new Dictionary<string, BaseItem> { [i.Modality] = i }, i.Emotion, i.Intent)).ToList();
            var predicted = Predict(model, config, examples, prepared, emotion);
            scores.Add(new BaseHeldOutScore(names[source], items[0].Modality, emotion ? "emotion" : "intent",
                ClassificationScores.Of(gold, predicted, emotion ? 7 : MeijuLabels.Intent.Count), Majority(gold)));
        }

        // Held-out triples: every held-out RAVDESS recording with a held-out MELD sentence and FER face of its class.
        var rng = new Random(seed);
        var byClass = new[] { "V", "T" }.ToDictionary(m => m, m => Enumerable.Range(0, 7).Select(c => heldOut.Where(i => i.Modality == m && i.Emotion == c).ToList()).ToArray());
        var triples = heldOut.Where(i => i.Modality == "A" && byClass["V"][i.Emotion].Count > 0 && byClass["T"][i.Emotion].Count > 0)
            .Select(a => new Example(new Dictionary<string, BaseItem>
            {
                ["A"] = a,
                ["V"] = byClass["V"][a.Emotion][rng.Next(byClass["V"][a.Emotion].Count)],
                ["T"] = byClass["T"][a.Emotion][rng.Next(byClass["T"][a.Emotion].Count)],
            }, a.Emotion, -1)).ToList();
        if (triples.Count > 0)
        {
            var gold = triples.Select(t => t.Emotion).ToList();
            scores.Add(new BaseHeldOutScore("held-out triples (RAVDESS 17-20 + MELD dev + FER held-out, same class)", "VAT", "emotion",
                ClassificationScores.Of(gold, Predict(model, config, triples, prepared, true), 7), Majority(gold)));
        }

        return scores;
    }

    private static double Majority(IReadOnlyList<int> gold) => gold.GroupBy(g => g).Max(g => g.Count()) / (double)gold.Count;
}
