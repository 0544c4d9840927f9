using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli;

/// <summary>A <c>--device</c> option: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>, refused as it is parsed otherwise.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DeviceNameAttribute() : ParameterValidationAttribute(errorMessage: null!)
{
    /// <inheritdoc />
    public override ValidationResult Validate(CommandParameterContext context)
    {
        try
        {
            _ = ComputeDevice.Parse(context.Value as string ?? "");
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error($"--device: {e.Message}");
        }
    }
}
