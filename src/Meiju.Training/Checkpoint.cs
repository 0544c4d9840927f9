using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// Everything a resumed run needs besides the weights: where it stopped, the history so far and the best epoch.
/// Stored as the JSON header of <c>checkpoint.bin</c>.
/// </summary>
public sealed record CheckpointHeader
{
    /// <summary>Hash of the effective config and seed; a resume with anything else is refused.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Stage the last completed epoch belongs to.</summary>
    public int Stage { get; init; }

    /// <summary>Last completed 0-based epoch of <see cref="Stage"/>.</summary>
    public int Epoch { get; init; }

    /// <summary>Every completed epoch so far.</summary>
    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    /// <summary>Best validation JRBM per stage (index 0 = stage 1), or -1 before any epoch.</summary>
    public double[] BestJrbm { get; init; } = [-1, -1];

    /// <summary>Epoch of the best JRBM per stage.</summary>
    public int[] BestEpoch { get; init; } = [-1, -1];
}

/// <summary>
/// Reads and writes run checkpoints: header, model state, optimizer state and torch's RNG state in one file,
/// written atomically (temporary file, then rename) so an interrupted write never replaces a good checkpoint.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "MEIJUCK1"u8.ToArray();
    private static readonly byte[] Trailer = "MEIJUEND"u8.ToArray();

    /// <summary>A short hash identifying <paramref name="config"/> with <paramref name="seed"/>.</summary>
    public static string Fingerprint(TrainingConfig config, long seed) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(config.ToJson() + "|seed=" + seed)))[..16];

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Save(string path, CheckpointHeader header, torch.nn.Module model, torch.optim.Optimizer optimizer)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            var json = JsonSerializer.SerializeToUtf8Bytes(header, TrainingConfig.Json);
            w.Write(json.Length);
            w.Write(json);
            model.save(w);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(w);
            using var rng = torch.get_rng_state();
            var bytes = rng.data<byte>().ToArray();
            w.Write(bytes.Length);
            w.Write(bytes);
            w.Write(Trailer);
        });
    }

    /// <summary>Reads only the header (to decide where to resume) and checks the file's framing.</summary>
    /// <exception cref="MeijuDataException">Missing, truncated or foreign file.</exception>
    public static CheckpointHeader ReadHeader(string path)
    {
        if (!File.Exists(path))
        {
            throw new MeijuDataException(path, "checkpoint not found (nothing to resume)");
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var r = new BinaryReader(stream);
            var header = ReadHeader(r, path);
            stream.Seek(-Trailer.Length, SeekOrigin.End);
            if (!r.ReadBytes(Trailer.Length).AsSpan().SequenceEqual(Trailer))
            {
                throw new MeijuDataException(path, "checkpoint is truncated (no end marker)");
            }

            return header;
        }
        catch (Exception ex) when (ex is IOException or JsonException or ArgumentException or EndOfStreamException)
        {
            throw new MeijuDataException(path, "corrupt checkpoint: " + ex.Message);
        }
    }

    /// <summary>
    /// Restores model weights, optimizer state and torch's RNG from <paramref name="path"/> into a model and
    /// optimizer built the same way as when it was written (the header says for which stage).
    /// </summary>
    /// <exception cref="MeijuDataException">Corrupt file, or state that does not fit the model.</exception>
    public static void LoadState(string path, torch.nn.Module model, torch.optim.Optimizer optimizer)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var r = new BinaryReader(stream);
            ReadHeader(r, path);
            model.load(r, strict: true);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(r);
            var n = r.ReadInt32();
            var bytes = r.ReadBytes(n);
            using var rng = torch.tensor(bytes, dtype: ScalarType.Byte);
            torch.set_rng_state(rng);
        }
        catch (Exception ex) when (ex is not MeijuDataException)
        {
            throw new MeijuDataException(path, "corrupt or mismatched checkpoint: " + ex.Message);
        }
    }

    private static CheckpointHeader ReadHeader(BinaryReader r, string path)
    {
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new MeijuDataException(path, "not a Meiju checkpoint (bad magic)");
        }

        var n = r.ReadInt32();
        if (n <= 0 || n > 64 << 20)
        {
            throw new MeijuDataException(path, "corrupt checkpoint header");
        }

        return JsonSerializer.Deserialize<CheckpointHeader>(r.ReadBytes(n), TrainingConfig.Json)
            ?? throw new MeijuDataException(path, "empty checkpoint header");
    }
}
