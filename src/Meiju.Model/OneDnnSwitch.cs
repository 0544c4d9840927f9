using System.Runtime.InteropServices;

namespace Meiju.Model;

/// <summary>
/// Turns libtorch's oneDNN (MKLDNN) CPU kernels off for a scope — PyTorch's <c>torch.backends.mkldnn.flags(enabled=False)</c>,
/// which TorchSharp does not expose. Used around the native LSTM (see <see cref="LstmLayer"/>).
/// </summary>
/// <remarks>
/// Calls <c>at::globalContext()</c> and <c>at::Context::setUserEnabledMkldnn(bool)</c> of the libtorch_cpu.so that
/// TorchSharp already loaded, by their Itanium C++ ABI names (Linux x64). When they cannot be found (another
/// platform or libtorch build), <see cref="Disable"/> does nothing and <see cref="Available"/> is false; the LSTM's
/// self-check then decides alone. The flag is process-wide: an op on another thread during the scope also skips
/// oneDNN, which changes its speed, not its result.
/// </remarks>
public static class OneDnnSwitch
{
    private static readonly Lazy<IntPtr> Context = new(Find);

    /// <summary>Whether the switch could be found in the loaded libtorch.</summary>
    public static bool Available => Context.Value != IntPtr.Zero;

    /// <summary>Switches oneDNN off until the returned scope is disposed (then restores what it was).</summary>
    public static IDisposable Disable()
    {
        var context = Context.Value;
        if (context == IntPtr.Zero)
        {
            return Scope.None;
        }

        var was = UserEnabledMkldnn(context);
        if (!was)
        {
            return Scope.None;
        }

        SetUserEnabledMkldnn(context, false);
        return new Scope(context);
    }

    private static IntPtr Find()
    {
        try
        {
            _ = TorchSharp.torch.zeros(1); // loads libtorch
            return GlobalContext();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return IntPtr.Zero;
        }
    }

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    private sealed class Scope(IntPtr context) : IDisposable
    {
        public static readonly IDisposable None = new Scope(IntPtr.Zero);

        public void Dispose()
        {
            if (context != IntPtr.Zero)
            {
                SetUserEnabledMkldnn(context, true);
            }
        }
    }
}
