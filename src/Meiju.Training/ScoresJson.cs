using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meiju.Training;

/// <summary>
/// JSON options of benchmark score files: a score that does not apply (no excluded class, no second task) is
/// NaN, which plain JSON cannot hold, so they are written as the string "NaN" and read back.
/// </summary>
internal static class ScoresJson
{
    /// <summary>The training options plus named floating-point literals.</summary>
    public static JsonSerializerOptions Options { get; } = new(TrainingConfig.Json) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
