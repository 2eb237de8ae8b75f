using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

/// <summary>Owns one native tensor reference (an at::Tensor on the native heap) and frees it exactly once.</summary>
internal sealed class TensorHandle : SafeHandle
{
    private static long s_live;

    public TensorHandle(IntPtr pointer) : this(pointer, counted: true) { }

    private TensorHandle(IntPtr pointer, bool counted) : base(IntPtr.Zero, ownsHandle: counted)
    {
        SetHandle(pointer);
        if (counted) Interlocked.Increment(ref s_live);
    }

    /// <summary>Passes "no tensor" (an optional argument left out) to the native side; never released.</summary>
    public static TensorHandle Null { get; } = new(IntPtr.Zero, counted: false);

    /// <summary>Tensor handles created and not yet released, process-wide.</summary>
    public static long Live => Interlocked.Read(ref s_live);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.cc_tensor_free(handle);
        Interlocked.Decrement(ref s_live);
        return true;
    }
}
