using System.Diagnostics;
using Meiju.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Meiju.Training;

/// <summary>Resident memory during a long training run.</summary>
/// <param name="Frames">A/V/L frames.</param>
/// <param name="Samples">(step, resident set in MiB) every few steps.</param>
public sealed record MemoryTrace(string Frames, IReadOnlyList<(int Step, double RssMiB)> Samples);
