using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meiju.Cli;

/// <summary>
/// A count or duration option that must be positive (integers at least 1, reals above 0 and finite). Without it,
/// "--frames 0" was accepted and every item then failed one by one.
/// </summary>
/// <remarks>
/// The base message is null on purpose: Spectre prints a fixed ErrorMessage when one is given, which could not name
/// the option or the value; with none it prints the message <see cref="Validate"/> returns.
/// </remarks>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PositiveAttribute() : ParameterValidationAttribute(errorMessage: null!)
{
    /// <inheritdoc />
    public override ValidationResult Validate(CommandParameterContext context) => context.Value switch
    {
        int i when i < 1 => Fail(context, i.ToString(CultureInfo.InvariantCulture), "must be at least 1"),
        long l when l < 1 => Fail(context, l.ToString(CultureInfo.InvariantCulture), "must be at least 1"),
        double d when !(d > 0) || !double.IsFinite(d) => Fail(context, d.ToString(CultureInfo.InvariantCulture), "must be a positive number"),
        _ => ValidationResult.Success(),
    };

    private static ValidationResult Fail(CommandParameterContext context, string value, string rule) =>
        ValidationResult.Error($"{OptionName(context.Parameter.PropertyName)} {value}: {rule}");

    /// <summary>"MaxAnswerChars" → "--max-answer-chars", the option's spelling by this project's convention.</summary>
    internal static string OptionName(string property)
    {
        var name = new StringBuilder("--");
        for (var i = 0; i < property.Length; i++)
        {
            if (char.IsUpper(property[i]) && i > 0)
            {
                name.Append('-');
            }

            name.Append(char.ToLowerInvariant(property[i]));
        }

        return name.ToString();
    }
}
