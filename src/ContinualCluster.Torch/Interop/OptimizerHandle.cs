using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

/// <summary>Owns one native optimizer (its parameter groups and state) and frees it exactly once.</summary>
internal sealed class OptimizerHandle : SafeHandle
{
    public OptimizerHandle(IntPtr pointer) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(pointer);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.cc_optim_free(handle);
        return true;
    }
}
