using Meiju.Cli.Commands;
using Spectre.Console.Cli;

namespace Meiju.Cli;

/// <summary>
/// The command tree, in pipeline order: data → media and features → model → training → benchmarks. One place that
/// both the program and the tests configure from, so a test that walks every command walks the real ones.
/// </summary>
internal static class CommandTree
{
    /// <summary>Registers every command and branch with its description and examples.</summary>
    public static void Configure(IConfigurator config)
    {
        config.AddBranch("dataset", dataset =>
        {
            dataset.SetDescription("Work with datasets in the MEIJU layout (label lists, transcriptions, feature folders).");
            dataset.AddCommand<DatasetStatsCommand>("stats")
                .WithDescription("Class counts per split, train imbalance ratio and the majority-class baseline (JRBM on valid); writes a bar chart PNG and JSON.")
                .WithExample("dataset", "stats", "../shared/data/meiju-labels/Track2_English")
                .WithExample("dataset", "stats", "data/Track1/English", "--track", "1", "--out", "runs/stats-t1");
            dataset.AddCommand<DatasetValidateCommand>("validate")
                .WithDescription("Check label lists and every feature file up front; list ALL problems, each naming its file and line.")
                .WithExample("dataset", "validate", "samples/meiju-mini")
                .WithExample("dataset", "validate", "../shared/data/meiju-labels/Track2_English", "--labels-only");
            dataset.AddCommand<DatasetSynthCommand>("synth")
                .WithDescription("Write a synthetic MEIJU-layout dataset with a planted, learnable signal (for tests and demos).")
                .WithExample("dataset", "synth", "--out", "runs/synth", "--train", "600", "--valid", "200", "--test", "200", "--seed", "7")
                .WithExample("dataset", "synth", "--out", "runs/tiny", "-f", "A:16:8-20", "-f", "V:12:4-10", "-f", "L:24:4-12", "--imbalanced");
            dataset.AddCommand<DatasetH5ToNpyCommand>("h5-to-npy")
                .WithDescription("Convert MC-EIU .h5 features (A/, V/, L/ groups) to <feature root>/<feature>/<utterance>.npy.")
                .WithExample("dataset", "h5-to-npy", "features.h5", "--out", "feats", "-n", "A=wav2vec", "-n", "V=resnet", "-n", "L=roberta");
            dataset.AddCommand<DatasetImportCommand>("import")
                .WithDescription("Convert a text dataset (dailydialog, meld, mintrec) to the MEIJU layout with its own label sets (labelsets.json).")
                .WithExample("dataset", "import", "dailydialog", "--source", "../shared/data/dailydialog", "--out", "data/dailydialog")
                .WithExample("dataset", "import", "meld", "--source", "../shared/data/meld-text", "--out", "data/meld");
            dataset.AddCommand<DatasetSplitLabelledCommand>("split-labelled")
                .WithDescription("Keep a seeded fraction of train labelled (whole dialogues) and move the rest to an unlabelled pool (NoAnnotation_files.txt), for low-resource experiments.")
                .WithExample("dataset", "split-labelled", "--data", "data/dailydialog", "--out", "data/dd-10", "--labelled-fraction", "0.1", "--seed", "1");
            dataset.AddCommand<DatasetMeanPoolCommand>("mean-pool")
                .WithDescription("Write the time mean of each [[T, D]] feature file as [[1, D]]: the pool encoder's exact input, much cheaper to read.")
                .WithExample("dataset", "mean-pool", "--in", "data/dailydialog/features/minilm_tokens", "--out", "data/dailydialog/features/minilm_mean");
        });

        config.AddCommand<MediaCommand>("media")
            .WithDescription("Decode media files (frames, 16 kHz audio, faces, subtitles) and show what was found.")
            .WithExample("media", "../shared/data/cremad-clips/video_flv", "--contact-sheet", "crops.png");
        config.AddCommand<ExtractCommand>("extract")
            .WithDescription("Extract frozen features (resnet18, fer, logmel, mfcc_prosody, minilm_*, manifest models) into feature_root/<feature>/<item>.npy; resumable and shardable.")
            .WithExample("extract", "--videos", "clips/", "--out", "features/", "--features", "logmel,mfcc_prosody", "--shard", "0/4")
            .WithExample("extract", "--videos", "../shared/data/cremad-clips/video_flv", "--out", "feats", "--transcripts", "samples/cremad/transcripts.csv");
        config.AddCommand<ExtractTextCommand>("extract-text")
            .WithDescription("Encode the sentences of transcription CSVs (no video) into feature_root/<feature>/<utterance>.npy; resumable and shardable.")
            .WithExample("extract-text", "--transcripts", "data/dailydialog", "--out", "data/dailydialog/features", "-f", "minilm_tokens");
        config.AddBranch("models", models =>
        {
            models.SetDescription("Model manifests: check that ONNX exports load, match their entries and run.");
            models.AddCommand<ModelsCheckCommand>("check")
                .WithDescription("Load each manifest entry, run a probe through its extractor and print inputs, outputs, D and ms per call; one line per broken entry naming the field to fix (exit 1).")
                .WithExample("models", "check", "models.json")
                .WithExample("models", "check", "tests/Meiju.Cli.Tests/Fixtures/encoders/manifest.json", "--frames", "8", "--audio-seconds", "10", "--runs", "5");
        });
        config.AddCommand<DescribeCommand>("describe")
            .WithDescription("Ask vision/audio language model servers to describe each utterance; cache the answers as text streams.")
            .WithExample("describe", "--videos", "clips/", "--out", "descriptions.db", "--vlm", "http://127.0.0.1:8000/v1", "--alm", "http://127.0.0.1:8001/v1");

        config.AddBranch("checkpoint", checkpoint =>
        {
            checkpoint.SetDescription("Move model weights between the official PyTorch baseline and Meiju.");
            checkpoint.AddCommand<CheckpointImportCommand>("import")
                .WithDescription("Import per-key .npy, baseline <epoch>_net_<Name>.pth, .pt or .safetensors weights into a Meiju model folder.")
                .WithExample("checkpoint", "import", "--from", "../shared/reference/baseline-fixture", "--config", "baseline", "--out", "runs/baseline-fixture");
            checkpoint.AddCommand<CheckpointExportCommand>("export")
                .WithDescription("Export a Meiju model folder as a PyTorch .pt state dict, safetensors, or the baseline's per-network .pth files.")
                .WithExample("checkpoint", "export", "--model", "runs/baseline-fixture", "--to", "baseline.pt");
        });
        config.AddCommand<ForwardCommand>("forward")
            .WithDescription("Run a model on input_<stream>.npy files and write every head's logits as .npy.")
            .WithExample("forward", "--model", "runs/baseline-fixture", "--inputs", "../shared/reference/baseline-fixture", "--out", "runs/forward");

        config.AddCommand<TrainCommand>("train")
            .WithDescription("Train a model (stage 1, then the joint module) with checkpoints every epoch; --resume continues exactly.")
            .WithExample("train", "--config", "baseline", "--data", "runs/synth", "--out", "runs/baseline-s1", "--seed", "1")
            .WithExample("train", "--config", "configs/baseline.json", "--data", "runs/synth", "--epochs", "6", "--out", "runs/quick", "--resume");
        config.AddCommand<EvaluateCommand>("evaluate")
            .WithDescription("Score a trained model on a split (--model), or a predictions CSV (filename, emo_pred, int_pred) against a label list: per-class table, micro/weighted/macro F1 and the track's JRBM.")
            .WithExample("evaluate", "--model", "runs/baseline-s1", "--data", "runs/synth", "--split", "valid")
            .WithExample("evaluate", "--predictions", "submission.csv", "--labels", "Validation_files.txt", "--track", "2");
        config.AddCommand<SubmitCommand>("submit")
            .WithDescription("Predict a split (test by default) with a trained model and write submission.csv (filename, emo_pred, int_pred) and submission.zip.")
            .WithExample("submit", "--model", "runs/baseline-s1", "--data", "runs/synth", "--split", "test");
        config.AddCommand<AblateCommand>("ablate")
            .WithDescription("Train every modality subset (V, A, T, VA, VT, AT, VAT) with and without the joint module over N seeds, or (--methods) every imbalance / semi-supervision / calibration method; write a mean ± std table.")
            .WithExample("ablate", "--config", "baseline", "--data", "runs/synth", "--seeds", "3", "--epochs", "6", "--out", "runs/ablate")
            .WithExample("ablate", "--config", "configs/training/text-meld-pool.json", "--data", "runs/meld", "--methods", "ce,weighted,focal,logit-adjust,balanced,thresholds", "--out", "runs/ablate-methods");

        config.AddCommand<PredictCommand>("predict")
            .WithDescription("Predict emotion and intent of a clip or of every clip in a folder, with per-modality contributions (table, JSON or CSV).")
            .WithExample("predict", "samples/cremad/1001_DFA_ANG_XX.flv")
            .WithExample("predict", "../shared/data/cremad-clips/video_flv", "--transcripts", "samples/cremad/transcripts.csv", "--format", "json", "--out", "predictions.json");
        config.AddBranch("base", b =>
        {
            b.SetDescription("The shipped default model, meiju-base.");
            b.AddCommand<BaseTrainCommand>("train")
                .WithDescription("Train meiju-base from the public data in ../shared/data (MELD, MIntRec, DailyDialog, RAVDESS, FER-2013) and write its model card.")
                .WithExample("base", "train", "--data", "../shared/data", "--out", "models/meiju-base");
        });
        config.AddCommand<ServeCommand>("serve")
            .WithDescription("Local web page (127.0.0.1): drop a clip or pick a sample; see emotion, intent, faces, text, per-modality contributions and the waveform.")
            .WithExample("serve")
            .WithExample("serve", "--model", "models/meiju-base", "--port", "0", "--max-upload-mb", "20");

        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks and evaluations on real data (results go to docs/benchmarks.md).");
            bench.AddCommand<BenchTrainCommand>("train")
                .WithDescription("Time a training step and an inference pass of a model config (batch 32, 2 threads) and trace memory over many steps.")
                .WithExample("bench", "train", "--config", "baseline", "--steps", "20", "--memory-steps", "500");
            bench.AddCommand<BenchTextCommand>("text")
                .WithDescription("Train a text-only config with and without the joint module over N seeds; validation weighted F1, JRBM and emotion micro-F1 without 'no emotion'.")
                .WithExample("bench", "text", "--config", "configs/training/text-dailydialog.json", "--data", "data/dailydialog", "--features-root", "data/dailydialog/features", "--seeds", "3");
            bench.AddCommand<BenchImbalanceCommand>("imbalance")
                .WithDescription("Imbalance, semi-supervised and calibration methods over N seeds: micro/weighted/macro F1, JRBM, ECE before/after temperature scaling, mean ± std.")
                .WithExample("bench", "imbalance", "--config", "configs/training/text-dailydialog-pool.json", "--data", "data/dailydialog", "--seeds", "3", "--threads", "1");
            bench.AddCommand<ExtractorsBenchCommand>("extractors")
                .WithDescription("Per-extractor wall and CPU time on synthetic media, and the real-time factor each allows per core.");
            bench.AddCommand<BenchExtractCommand>("extract")
                .WithDescription("Run extraction over many items (real clips cycled under new names) and record memory every N items (CSV + PNG).")
                .WithExample("bench", "extract", "--items", "1000", "--every", "50", "--out", "/tmp/bench-extract");
            bench.AddCommand<FeaturesEvalCommand>("features-eval")
                .WithDescription("Linear probes of the default features: FER-2013 (fer) and RAVDESS speaker-independent (audio).");
            bench.AddCommand<BenchPredictCommand>("predict")
                .WithDescription("Latency of meiju predict on one clip, warm: median seconds per stage (decode, features, model) over N runs.")
                .WithExample("bench", "predict", "--clip", "samples/cremad/1001_DFA_ANG_XX.flv", "--runs", "10");
        });
    }
}
