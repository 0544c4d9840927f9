// Compiled by MSBuild's RoslynCodeTaskFactory (see TorchSharpNativeFix.targets); not part of any project.
// It targets netstandard, so it reads little-endian fields by hand instead of using BinaryPrimitives.
using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one ELF version requirement (e.g. GLIBCXX_3.4.32 from libstdc++.so.6) weak in each given shared library,
/// when the host's libstdc++ does not define that version and the file's SHA-256 is the verified one.
/// </summary>
public class MeijuWeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string VersionName { get; set; } = "";

    [Required]
    public string NeededLibrary { get; set; } = "";

    [Required]
    public string OriginalSha256 { get; set; } = "";

    [Required]
    public string PatchedSha256 { get; set; } = "";

    /// <summary>Optional: the host libstdc++ to inspect (default: searched in the usual library folders).</summary>
    public string HostLibrary { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            var host = FindHostLibrary();
            if (host == null)
            {
                Log.LogMessage(MessageImportance.High,
                    "Meiju: no host " + NeededLibrary + " found; leaving libLibTorchSharp.so unchanged.");
                return true;
            }

            var hostVersions = ReadVersionDefinitions(File.ReadAllBytes(host), host);
            if (hostVersions.Contains(VersionName))
            {
                Log.LogMessage(MessageImportance.Low,
                    "Meiju: " + host + " defines " + VersionName + "; libLibTorchSharp.so needs no change.");
                return true;
            }

            foreach (var item in Files)
            {
                FixOne(item.GetMetadata("FullPath"), host);
            }
        }
        catch (InvalidDataException e)
        {
            Log.LogError("Meiju TorchSharp native fix: " + e.Message);
        }

        return !Log.HasLoggedErrors;
    }

    private void FixOne(string path, string host)
    {
        var bytes = File.ReadAllBytes(path);
        var hash = Sha256(bytes);
        if (string.Equals(hash, PatchedSha256, StringComparison.OrdinalIgnoreCase))
        {
            Log.LogMessage(MessageImportance.Low, "Meiju: " + path + " is already patched.");
            return;
        }

        if (!string.Equals(hash, OriginalSha256, StringComparison.OrdinalIgnoreCase))
        {
            Log.LogError(
                "Meiju TorchSharp native fix: " + path + " has SHA-256 " + hash + ", which is neither the verified " +
                "TorchSharp 0.107.0 build (" + OriginalSha256 + ") nor its patched form (" + PatchedSha256 + "). " +
                "The host " + host + " lacks " + VersionName + ", so this library will not load as is. Refusing to " +
                "patch an unverified binary: check that TorchSharp was upgraded on purpose, verify the new file " +
                "(docs/torchsharp-on-debian.md), and update the hashes in build/TorchSharpNativeFix.targets " +
                "(or build with -p:MeijuSkipTorchSharpNativeFix=true).");
            return;
        }

        var offset = FindVernauxFlagsOffset(bytes, path);
        var flags = (ushort)(bytes[offset] | (bytes[offset + 1] << 8));
        flags |= VerFlgWeak;
        bytes[offset] = (byte)(flags & 0xff);
        bytes[offset + 1] = (byte)(flags >> 8);

        var patched = Sha256(bytes);
        if (!string.Equals(patched, PatchedSha256, StringComparison.OrdinalIgnoreCase))
        {
            Log.LogError("Meiju TorchSharp native fix: patching " + path + " gave SHA-256 " + patched +
                         ", expected " + PatchedSha256 + "; the file was left unchanged.");
            return;
        }

        // Write a new file and rename it over the old one: this never writes through a hard link or symlink into
        // the NuGet cache, and a reader sees either the old or the new library, never a half-written one.
        var temp = path + ".meiju-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Delete(path);
            File.Move(temp, path);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        Log.LogMessage(MessageImportance.High,
            "Meiju: marked " + VersionName + " weak in " + path + " (host " + host + " lacks it).");
    }

    private string FindHostLibrary()
    {
        if (!string.IsNullOrEmpty(HostLibrary))
        {
            return File.Exists(HostLibrary) ? HostLibrary : null;
        }

        var env = Environment.GetEnvironmentVariable("MEIJU_HOST_LIBSTDCXX");
        if (!string.IsNullOrEmpty(env) && File.Exists(env))
        {
            return env;
        }

        var folders = new[]
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/usr/local/lib64",
            "/lib", "/usr/lib", "/usr/local/lib",
        };
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, NeededLibrary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Sha256(byte[] bytes)
    {
        using (var sha = SHA256.Create())
        {
            var sb = new StringBuilder(64);
            foreach (var b in sha.ComputeHash(bytes))
            {
                sb.Append(b.ToString("x2"));
            }

            return sb.ToString();
        }
    }

    private sealed class Section
    {
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
    }

    private static List<Section> ReadSections(byte[] b, string path)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
        {
            throw new InvalidDataException(path + " is not an ELF file");
        }

        if (b[4] != 2 || b[5] != 1)
        {
            throw new InvalidDataException(path + " is not a little-endian ELF64 file");
        }

        var shoff = (long)U64(b, 0x28, path);
        var shentsize = U16(b, 0x3A, path);
        var shnum = U16(b, 0x3C, path);
        if (shentsize < 64 || shnum == 0)
        {
            throw new InvalidDataException(path + ": no usable ELF section headers");
        }

        var sections = new List<Section>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var h = shoff + (long)i * shentsize;
            var s = new Section
            {
                Type = U32(b, h + 4, path),
                Offset = (long)U64(b, h + 24, path),
                Size = (long)U64(b, h + 32, path),
                Link = U32(b, h + 40, path),
                Info = U32(b, h + 44, path),
            };
            sections.Add(s);
        }

        return sections;
    }

    private static string ReadString(byte[] b, Section strtab, uint offset, string path)
    {
        var start = strtab.Offset + offset;
        if (offset >= strtab.Size || start >= b.Length)
        {
            throw new InvalidDataException(path + ": string offset " + offset + " outside its string table");
        }

        var end = start;
        while (end < b.Length && b[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
    }

    private static Section StringTableOf(List<Section> sections, Section s, string path)
    {
        if (s.Link >= sections.Count)
        {
            throw new InvalidDataException(path + ": version section links to a missing string table");
        }

        return sections[(int)s.Link];
    }

    /// <summary>Offset of vna_flags in the Vernaux entry for VersionName under NeededLibrary.</summary>
    private long FindVernauxFlagsOffset(byte[] b, string path)
    {
        var sections = ReadSections(b, path);
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerneed)
            {
                continue;
            }

            var strtab = StringTableOf(sections, s, path);
            var entry = s.Offset;
            for (uint n = 0; n < s.Info; n++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                var count = U16(b, entry + 2, path);
                var file = ReadString(b, strtab, U32(b, entry + 4, path), path);
                var aux = entry + U32(b, entry + 8, path);
                for (var k = 0; k < count; k++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                    var name = ReadString(b, strtab, U32(b, aux + 8, path), path);
                    if (file == NeededLibrary && name == VersionName)
                    {
                        return aux + 4;
                    }

                    aux += U32(b, aux + 12, path);
                }

                var next = U32(b, entry + 12, path);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        throw new InvalidDataException(path + " has no " + VersionName + " requirement on " + NeededLibrary);
    }

    /// <summary>Names defined in .gnu.version_d (the versions a library provides).</summary>
    private static HashSet<string> ReadVersionDefinitions(byte[] b, string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sections = ReadSections(b, path);
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerdef)
            {
                continue;
            }

            var strtab = StringTableOf(sections, s, path);
            var entry = s.Offset;
            for (uint n = 0; n < s.Info; n++)
            {
                // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32,
                // vd_next u32. The first Verdaux (vda_name u32, vda_next u32) names the version itself.
                var count = U16(b, entry + 6, path);
                if (count > 0)
                {
                    var aux = entry + U32(b, entry + 12, path);
                    names.Add(ReadString(b, strtab, U32(b, aux, path), path));
                }

                var next = U32(b, entry + 16, path);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return names;
    }

    private static void Check(byte[] b, long offset, int size, string path)
    {
        if (offset < 0 || offset + size > b.Length)
        {
            throw new InvalidDataException(path + ": truncated ELF structure at offset " + offset);
        }
    }

    private static ushort U16(byte[] b, long o, string path)
    {
        Check(b, o, 2, path);
        return (ushort)(b[o] | (b[o + 1] << 8));
    }

    private static uint U32(byte[] b, long o, string path)
    {
        Check(b, o, 4, path);
        return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
    }

    private static ulong U64(byte[] b, long o, string path)
    {
        return U32(b, o, path) | ((ulong)U32(b, o + 4, path) << 32);
    }
}
