using System.Reflection;

namespace Meiju.Tests.Cli.Architecture;

/// <summary>
/// TorchSharp passes a <c>Scalar</c>'s native handle to libtorch without keeping the managed object alive, so a
/// temporary Scalar (what C# makes from <c>t - 1</c> or <c>masked_fill(m, double.NegativeInfinity)</c>, and what
/// TorchSharp's own number overloads make inside) can be finalized while libtorch still reads it: the intermittent
/// "Expected false to be true … toFloat at Scalar.h" crash. Product code therefore makes Scalars only in
/// <c>Meiju.Model.TorchScalars</c>, whose Scalars outlive the calls that read them, and calls no TorchSharp member
/// that makes a temporary one.
/// </summary>
public class TorchScalarTests
{
    private static readonly string[] ProductAssemblies = ["Meiju.Model", "Meiju.Training", "Meiju.Inference", "Meiju.Features", "Meiju.Web", "meiju"];

    [Fact]
    public void Product_code_makes_no_temporary_torch_scalars()
    {
        var makers = TemporaryScalarMakers();
        var offenders = ProductAssemblies.Select(Assembly.Load)
            .SelectMany(IlCalls.Of)
            .Where(c => makers.Contains(c.Callee) || IsScalarFactory(c.Callee) || BuildsUnsafeOptimizer(c.Caller, c.Callee, makers))
            .Where(c => !Allowed(c.Caller))
            .Select(c => $"{Name(c.Caller)} calls {Name(c.Callee)}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(offenders.Count == 0, "temporary TorchSharp Scalars made in:\n" + string.Join("\n", offenders));
    }

    // Every TorchSharp member that makes a Scalar from a number, directly or through another TorchSharp member.
    private static HashSet<MethodBase> TemporaryScalarMakers()
    {
        var calls = IlCalls.Of(typeof(TorchSharp.Scalar).Assembly).ToList();
        var makers = calls.Where(c => IsScalarFactory(c.Callee)).Select(c => c.Caller).ToHashSet();
        var callers = calls.Where(c => !IsScalarFactory(c.Caller)).ToLookup(c => c.Callee, c => c.Caller);
        var queue = new Queue<MethodBase>(makers);
        while (queue.TryDequeue(out var m))
        {
            foreach (var caller in callers[m])
            {
                if (makers.Add(caller))
                {
                    queue.Enqueue(caller);
                }
            }
        }

        return makers;
    }

    // optim.Adam(...) or new Adam(...): its step (reached through the virtual Optimizer.step) makes temporaries.
    // A subclass's own constructor calling its base is fine when the subclass replaces step.
    private static bool BuildsUnsafeOptimizer(MethodBase caller, MethodBase callee, HashSet<MethodBase> makers)
    {
        var built = callee is ConstructorInfo ? callee.DeclaringType : (callee as MethodInfo)?.ReturnType;
        if (built is null || built.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) != true || caller.DeclaringType?.IsSubclassOf(built) == true)
        {
            return false;
        }

        var step = built.GetMethods().FirstOrDefault(m => m.Name == "step" && m.DeclaringType == built);
        return step is not null && makers.Contains(step);
    }

    private static bool IsScalarFactory(MethodBase m) =>
        m.DeclaringType?.FullName is "TorchSharp.Scalar" or "TorchSharp.ScalarExtensionMethods" && m.Name is "op_Implicit" or "ToScalar";

    private static bool Allowed(MethodBase caller) =>
        caller.DeclaringType?.FullName?.StartsWith("Meiju.Model.TorchScalars", StringComparison.Ordinal) == true;

    private static string Name(MethodBase m) =>
        $"{m.DeclaringType?.FullName}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";
}
