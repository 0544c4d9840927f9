using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>
/// Reads and writes run checkpoints: header, model state, optimizer state and torch's RNG state in one file,
/// written atomically (temporary file, then rename) so an interrupted write never replaces a good checkpoint, and
/// sealed by a SHA-256 of everything before it, checked on every read: a flipped byte in the weights would otherwise
/// resume silently into a worse model.
/// </summary>
/// <remarks>Layout: magic, header length + JSON, model state, optimizer state, RNG state, SHA-256 (32 bytes), end marker.</remarks>
public static class Checkpoint
{
    private static readonly byte[] Magic = "MEIJUCK2"u8.ToArray();
    private static readonly byte[] Trailer = "MEIJUEND"u8.ToArray();
    private const int HashLength = 32;

    /// <summary>A short hash identifying <paramref name="config"/> with <paramref name="seed"/>.</summary>
    public static string Fingerprint(TrainingConfig config, long seed) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(config.ToJson() + "|seed=" + seed)))[..16];

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <exception cref="MeijuDataException">A weight is NaN or ±Inf (the previous checkpoint is kept).</exception>
    public static void Save(string path, CheckpointHeader header, torch.nn.Module model, torch.optim.Optimizer optimizer)
    {
        Meiju.Model.FiniteWeights.Require(model, path);
        AtomicFile.Write(path, file =>
        {
            using var sha = SHA256.Create();
            using (var stream = new CryptoStream(file, sha, CryptoStreamMode.Write, leaveOpen: true))
            {
                WriteBody(stream, header, model, optimizer);
            }

            file.Write(sha.Hash);
            file.Write(Trailer);
        });
    }

    private static void WriteBody(Stream stream, CheckpointHeader header, torch.nn.Module model, torch.optim.Optimizer optimizer)
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
            Verify(stream, path);
            return ReadHeader(r, path);
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
            Verify(stream, path);
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

    /// <summary>Checks the end marker and the content hash, then rewinds <paramref name="stream"/> to the start.</summary>
    private static void Verify(Stream stream, string path)
    {
        if (stream.Length < Magic.Length + 4 + HashLength + Trailer.Length)
        {
            throw new MeijuDataException(path, "checkpoint is truncated");
        }

        var tail = new byte[HashLength + Trailer.Length];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        if (!tail.AsSpan(HashLength).SequenceEqual(Trailer))
        {
            throw new MeijuDataException(path, "checkpoint is truncated or not a Meiju checkpoint (no end marker)");
        }

        stream.Seek(0, SeekOrigin.Begin);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (var left = stream.Length - tail.Length; left > 0;)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            hash.AppendData(buffer, 0, n);
            left -= n;
        }

        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(tail.AsSpan(0, HashLength)))
        {
            throw new MeijuDataException(path, "checkpoint is corrupt: its content hash does not match (the file was changed or damaged after it was written); start a new run or restore the file");
        }

        stream.Seek(0, SeekOrigin.Begin);
    }

    private static CheckpointHeader ReadHeader(BinaryReader r, string path)
    {
        var magic = r.ReadBytes(Magic.Length);
        if (magic.AsSpan().SequenceEqual("MEIJUCK1"u8))
        {
            throw new MeijuDataException(path, "checkpoint was written by an older Meiju without a content hash; it cannot be verified: start a new run");
        }

        if (!magic.AsSpan().SequenceEqual(Magic))
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
