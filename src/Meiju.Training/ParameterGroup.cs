using Meiju.Model;
using TorchSharp.Modules;

namespace Meiju.Training;

/// <summary>A sub-network whose gradient norm is clipped on its own, as the baseline clips per network.</summary>
/// <param name="Name">Sub-network name (e.g. <c>netEmoA</c>).</param>
/// <param name="Parameters">Its parameters.</param>
public sealed record ParameterGroup(string Name, IReadOnlyList<Parameter> Parameters);
