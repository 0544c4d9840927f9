using System.Buffers.Binary;
using System.Diagnostics;
using Meiju.IO;

namespace Meiju.Tests.Cli;

/// <summary>
/// The bad inputs docs/bad-input.md names in braces, made on first use in one temporary folder: <c>{text.mp4}</c>,
/// <c>{loop}</c>, <c>{nan-synth}</c>, <c>{tampered-run}</c>, …; <c>{out}</c> is a fresh path each time.
/// </summary>
public sealed class BadInputFiles : IDisposable
{
    private const string TinyConfig = """
        {
          "name": "tiny",
          "model": {
            "name": "tiny", "stage": "joint", "hidden": 16,
            "features": { "aud": 12, "txt": 16 },
            "streams": [
              { "name": "A", "modality": "A", "feature": "aud", "encoder": { "type": "lstm", "hidden": 16 } },
              { "name": "L", "modality": "T", "feature": "txt", "encoder": { "type": "textcnn", "hidden": 16, "channels": 8, "dropout": 0.1 } }
            ],
            "tokenOrder": ["A", "L"],
            "fusion": { "layers": 1, "heads": 2, "ffn": 32, "dropout": 0.1 },
            "interaction": { "heads": 1 },
            "classifier": { "layers": [16], "dropout": 0.1 }
          },
          "training": { "batchSize": 16, "learningRate": 0.005, "stage1": { "niter": 1, "niterDecay": 0 }, "stage2": { "niter": 1, "niterDecay": 0 } }
        }
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "meiju-bad-input-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, string> _made = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _outs;

    public BadInputFiles() => Directory.CreateDirectory(_root);

    /// <summary>An argument with its <c>{name}</c> replaced by the file's path (other arguments as they are).</summary>
    public string Resolve(string argument)
    {
        if (argument.Length < 3 || argument[0] != '{' || argument[^1] != '}')
        {
            return argument;
        }

        var name = argument[1..^1];
        lock (_lock)
        {
            if (name == "out")
            {
                return Path.Combine(_root, $"out{++_outs}");
            }

            if (!_made.TryGetValue(name, out var path))
            {
                path = Make(name);
                _made[name] = path;
            }

            return path;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Make(string name)
    {
        var path = Path.Combine(_root, name);
        switch (name)
        {
            case "clip":
                return Path.Combine(SharedData.RepoRoot, "samples", "cremad", "1001_DFA_HAP_XX.flv");
            case "text.mp4":
                File.WriteAllText(path, "hello, this is not a video\n");
                break;
            case "npy.mp4":
                NpyFile.Write(path, new NpyArray([2, 3], new float[6]));
                break;
            case "page.mp4":
                File.WriteAllText(path, "<html><body>not a video</body></html>\n");
                break;
            case "empty.mp4":
                File.WriteAllBytes(path, []);
                break;
            case "noaudio.mp4":
                Run("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=d=1:s=160x120", path);
                break;
            case "loop":
                Directory.CreateDirectory(path);
                File.CreateSymbolicLink(Path.Combine(path, "a.flv"), Resolve("{clip}"));
                Directory.CreateSymbolicLink(Path.Combine(path, "self"), ".");
                break;
            case "file":
                File.WriteAllText(path, "a plain file\n");
                break;
            case "dir":
                Directory.CreateDirectory(path);
                break;
            case "tiny.json":
                File.WriteAllText(path, TinyConfig);
                break;
            case "dup.json":
                File.WriteAllText(path, TinyConfig.Replace("\"hidden\": 16,", "\"hidden\": 16, \"hidden\": 32,", StringComparison.Ordinal));
                break;
            case "diverge.json":
                File.WriteAllText(path, TinyConfig.Replace("\"learningRate\": 0.005", "\"learningRate\": 1e30", StringComparison.Ordinal));
                break;
            case "synth":
                Meiju("dataset", "synth", "--out", path, "--train", "48", "--valid", "24", "--test", "12", "-f", "aud:12:6-14", "-f", "txt:16:2-9");
                break;
            case "nan-synth":
                CopyFolder(Resolve("{synth}"), path);
                PoisonFirstFeature(Path.Combine(path, "features", "aud"));
                break;
            case "run":
                Meiju("train", "--config", Resolve("{tiny.json}"), "--data", Resolve("{synth}"), "--out", path, "--threads", "1", "--cpu");
                break;
            case "tampered-run":
                CopyFolder(Resolve("{run}"), path);
                FlipBytes(Path.Combine(path, "checkpoint.bin"), at: 0.9, count: 256);
                break;
            case "nan-run":
                CopyFolder(Resolve("{run}"), path);
                PoisonWeights(Path.Combine(path, "best_stage2", "model.safetensors"));
                break;
            default:
                throw new ArgumentException($"docs/bad-input.md names {{{name}}}, which BadInputFiles does not make");
        }

        return path;
    }

    private static void Meiju(params string[] args)
    {
        var (code, stdout, stderr) = CliHarness.RunBinary(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"meiju {string.Join(' ', args)} failed ({code}): {stderr}{stdout}");
        }
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {error}");
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void PoisonFirstFeature(string folder)
    {
        var file = Directory.GetFiles(folder, "*_Training_*.npy").Order(StringComparer.Ordinal).First();
        var array = NpyFile.Read(file);
        array.Data[0] = float.NaN;
        NpyFile.Write(file, array);
    }

    // safetensors: an 8-byte little-endian header length, the JSON header, then the tensors' bytes.
    private static void PoisonWeights(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(dataStart), float.NaN);
        File.WriteAllBytes(file, bytes);
    }

    private static void FlipBytes(string file, double at, int count)
    {
        var bytes = File.ReadAllBytes(file);
        var start = (int)(bytes.Length * at);
        for (var i = start; i < start + count; i++)
        {
            bytes[i] ^= 0xFF;
        }

        File.WriteAllBytes(file, bytes);
    }
}
