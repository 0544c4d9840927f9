using System.Reflection;
using System.Reflection.Emit;

namespace Meiju.Tests.Cli.Architecture;

/// <summary>The methods each method of an assembly calls, read from its IL (call, callvirt, newobj, ldftn).</summary>
internal static class IlCalls
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every (caller, callee) pair in <paramref name="assembly"/>; callees that cannot be resolved are skipped.</summary>
    public static IEnumerable<(MethodBase Caller, MethodBase Callee)> Of(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null)
                {
                    continue;
                }

                foreach (var token in CallTokens(il))
                {
                    MethodBase? callee = null;
                    try
                    {
                        callee = method.Module.ResolveMethod(token, type.IsGenericType ? type.GetGenericArguments() : null,
                            method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException)
                    {
                    }

                    if (callee is not null)
                    {
                        yield return (method, callee);
                    }
                }
            }
        }
    }

    private static IEnumerable<int> CallTokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += value > 0xFF || value < 0 ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break;
            }

            if (op.OperandType == OperandType.InlineMethod)
            {
                yield return BitConverter.ToInt32(il, i);
            }

            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }
    }
}
