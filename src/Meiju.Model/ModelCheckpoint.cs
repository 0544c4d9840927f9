using TorchSharp;
using TorchSharp.PyBridge;

namespace Meiju.Model;

/// <summary>
/// Meiju model folders (<c>config.json</c> + <c>model.safetensors</c>) and moving weights to and from the
/// official PyTorch code: per-key .npy folders, the baseline's per-network .pth files, whole-model PyTorch
/// <c>.pt</c> state dicts and safetensors. Every import checks all keys and shapes before touching anything, and
/// every write is atomic, so a bad checkpoint never leaves a half-written model behind.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>The configuration file of a model folder.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The weights file of a model folder.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>Saves <paramref name="model"/> to <paramref name="folder"/> (created if needed).</summary>
    /// <exception cref="MeijuDataException">A weight is NaN or ±Inf (nothing is written).</exception>
    public static void Save(MeijuModel model, string folder)
    {
        FiniteWeights.Require(model, folder);
        Directory.CreateDirectory(folder);
        ExportSafetensors(model, Path.Combine(folder, WeightsFileName));
        AtomicFile.WriteAllText(Path.Combine(folder, ConfigFileName), model.Config.ToJson() + "\n");
    }

    /// <summary>Loads a model folder written by <see cref="Save"/>, in eval mode.</summary>
    /// <exception cref="MeijuDataException">The folder, its configuration or its weights are missing or do not match.</exception>
    public static MeijuModel Load(string folder)
    {
        var configPath = Path.Combine(folder, ConfigFileName);
        if (!File.Exists(configPath))
        {
            throw new MeijuDataException(folder, $"not a Meiju model folder (no {ConfigFileName})");
        }

        var config = ModelConfig.Load(configPath);
        var model = MeijuModel.Create(config);
        using (var weights = StateDict.ReadSafetensors(Path.Combine(folder, WeightsFileName)))
        {
            weights.LoadInto(model, Path.Combine(folder, WeightsFileName));
        }

        model.eval();
        return model;
    }

    /// <summary>
    /// Builds a <paramref name="config"/> model with weights from <paramref name="source"/>: a folder of per-key
    /// .npy (with or without keys.txt), a folder of the baseline's <c>&lt;epoch&gt;_net_&lt;Name&gt;.pth</c>, a
    /// Meiju model folder, a PyTorch state dict file (.pt/.pth/.bin) or a .safetensors file.
    /// </summary>
    /// <param name="source">Where the weights are.</param>
    /// <param name="config">The configuration the weights belong to.</param>
    /// <param name="epoch">For a baseline .pth folder holding several epochs: which one.</param>
    /// <exception cref="MeijuDataException">Unreadable, truncated or mismatched (missing/unexpected key, wrong shape).</exception>
    public static MeijuModel Import(string source, ModelConfig config, string? epoch = null)
    {
        var model = MeijuModel.Create(config);
        using (var weights = Read(source, epoch))
        {
            weights.LoadInto(model, source);
        }

        model.eval();
        return model;
    }

    /// <summary>Reads weights from any supported <paramref name="source"/> (see <see cref="Import"/>).</summary>
    public static StateDict Read(string source, string? epoch = null)
    {
        if (Directory.Exists(source))
        {
            if (File.Exists(Path.Combine(source, WeightsFileName)))
            {
                return StateDict.ReadSafetensors(Path.Combine(source, WeightsFileName));
            }

            if (Directory.EnumerateFiles(source, "*_net_*.pth").Any())
            {
                return StateDict.ReadBaselinePthFolder(source, epoch);
            }

            return StateDict.ReadNpyFolder(source);
        }

        if (!File.Exists(source))
        {
            throw new MeijuDataException(source, "checkpoint not found");
        }

        return Path.GetExtension(source).ToLowerInvariant() switch
        {
            ".safetensors" => StateDict.ReadSafetensors(source),
            ".pt" or ".pth" or ".bin" => StateDict.ReadPyTorch(source),
            var ext => throw new MeijuDataException(source, $"unknown checkpoint type '{ext}' (expected a folder, .pt, .pth, .bin or .safetensors)"),
        };
    }

    /// <summary>Writes the whole state dict as a PyTorch file (<c>torch.load</c> + <c>load_state_dict</c> read it).</summary>
    public static void ExportPyTorch(MeijuModel model, string path) =>
        AtomicFile.Write(path, stream => model.save_py(stream, leaveOpen: true));

    /// <summary>Writes the whole state dict as safetensors.</summary>
    public static void ExportSafetensors(MeijuModel model, string path) =>
        AtomicFile.Write(path, stream => model.save_safetensors(stream, leaveOpen: true));

    /// <summary>
    /// Writes one <c>&lt;epoch&gt;_net_&lt;Name&gt;.pth</c> per sub-network, the official baseline's checkpoint
    /// layout, so its <c>load_networks</c> can continue from Meiju weights.
    /// </summary>
    public static void ExportBaselinePth(MeijuModel model, string folder, string epoch = "latest")
    {
        Directory.CreateDirectory(folder);
        foreach (var name in model.SubNetworkNames)
        {
            var sub = model.SubNetwork(name);
            AtomicFile.Write(Path.Combine(folder, $"{epoch}_{name[..3]}_{name[3..]}.pth"), stream => sub.save_py(stream, leaveOpen: true));
        }
    }
}
