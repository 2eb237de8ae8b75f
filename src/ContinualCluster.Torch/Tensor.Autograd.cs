using ContinualCluster.Torch.Interop;
using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Whether autograd records operations on this tensor.</summary>
        public bool requires_grad
        {
            get { var r = N.cc_autograd_requires_grad(H("requires_grad")); Check(r, "requires_grad", this); return r == 1; }
            set => Check(N.cc_autograd_set_requires_grad(H("requires_grad_"), value), "requires_grad_", this);
        }

        public Tensor requires_grad_(bool requires_grad = true)
        {
            this.requires_grad = requires_grad;
            return this;
        }

        /// <summary>True for tensors created by the user (not by an op recorded in the graph).</summary>
        public bool is_leaf => N.cc_autograd_is_leaf(H("is_leaf")) == 1;

        /// <summary>Computes gradients of this (scalar) tensor with respect to the graph's leaves.</summary>
        public void backward(Tensor? grad_tensor = null, bool retain_graph = false, bool create_graph = false) =>
            Check(N.cc_autograd_backward(H("backward"), HOpt(grad_tensor, "backward"), retain_graph, create_graph), "backward", this, grad_tensor);

        /// <summary>The accumulated gradient (a new reference, owned by the caller or the current scope), or null.</summary>
        public Tensor? grad
        {
            get
            {
                var p = N.cc_autograd_grad(H("grad"));
                if (p != IntPtr.Zero) return new Tensor(p);
                var err = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(N.cc_error_last());
                if (!string.IsNullOrEmpty(err)) throw Error("grad", this);
                return null;
            }
            set => Check(N.cc_autograd_set_grad(H("grad"), HOpt(value, "grad")), "set grad", this, value);
        }

        /// <summary>A new tensor sharing storage but cut from the graph.</summary>
        public Tensor detach() => U(N.cc_tensor_detach, "detach");

        public Tensor detach_() { Check(N.cc_autograd_detach_(H("detach_")), "detach_", this); return this; }
    }

    /// <summary>Whether operations are being recorded for autograd on this thread.</summary>
    public static bool is_grad_enabled() => N.cc_autograd_grad_enabled() == 1;

    /// <summary>Turns gradient recording off on this thread until the result is disposed (never across an await).</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Turns gradient recording on on this thread until the result is disposed.</summary>
    public static IDisposable enable_grad() => new GradModeGuard(true);

    /// <summary>Sets gradient recording on or off on this thread until the result is disposed.</summary>
    public static IDisposable set_grad_enabled(bool enabled) => new GradModeGuard(enabled);

    /// <summary>Clears the gradients of many tensors in one native call.</summary>
    public static unsafe void ZeroGradients(IReadOnlyList<Tensor> tensors, bool set_to_none = true)
    {
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = tensors[i].H("zero_grad").DangerousGetHandle();
        fixed (IntPtr* p = handles) Tensor.Check(N.cc_autograd_zero_grad(p, handles.Length, set_to_none), "zero_grad");
        GC.KeepAlive(tensors);
    }

    private sealed class GradModeGuard : IDisposable
    {
        private readonly bool _previous;
        private readonly int _thread = Environment.CurrentManagedThreadId;
        private bool _disposed;

        public GradModeGuard(bool enabled) => _previous = N.cc_autograd_set_grad_enabled(enabled) == 1;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (Environment.CurrentManagedThreadId != _thread)
                throw new InvalidOperationException("a grad-mode scope was disposed on another thread than the one that opened it (was it held across an await?)");
            N.cc_autograd_set_grad_enabled(_previous);
        }
    }
}
