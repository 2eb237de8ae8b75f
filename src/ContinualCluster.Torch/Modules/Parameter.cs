using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Modules;

/// <summary>A tensor that a module trains: a leaf that requires grad by default and never belongs to a dispose scope.</summary>
public sealed class Parameter : Tensor
{
    /// <summary>Wraps the storage of <paramref name="data"/> (detached from its graph); <paramref name="data"/> stays usable.</summary>
    public Parameter(Tensor data, bool requires_grad = true) : base(DetachedAlias(data))
    {
        DetachFromDisposeScope();
        this.requires_grad = requires_grad;
    }

    private static IntPtr DetachedAlias(Tensor data)
    {
        var p = Interop.NativeMethods.cc_tensor_detach(data.H("Parameter"));
        return p != IntPtr.Zero ? p : throw Error("Parameter", data);
    }
}
