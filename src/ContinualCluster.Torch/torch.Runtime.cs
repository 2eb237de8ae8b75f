using System.Runtime.InteropServices;
using ContinualCluster.Torch.Interop;
using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

/// <summary>TorchSharp-shaped entry point: tensor factories, seeding, threads, scopes and the nn/optim namespaces.</summary>
public static partial class torch
{
    /// <summary>Seeds libtorch's default generator (CPU).</summary>
    public static void manual_seed(long seed) => Tensor.Check(N.cc_runtime_manual_seed(seed), "manual_seed");

    /// <summary>Sets the intra-op thread count (libtorch's OpenMP pool and OpenBLAS).</summary>
    public static void set_num_threads(int threads) => Tensor.Check(N.cc_runtime_set_num_threads(threads), $"set_num_threads({threads})");

    public static int get_num_threads() => N.cc_runtime_get_num_threads();

    /// <summary>Makes libtorch use deterministic algorithms (raising where only a nondeterministic one exists).</summary>
    public static void use_deterministic_algorithms(bool mode = true) => Tensor.Check(N.cc_runtime_set_deterministic(mode), "use_deterministic_algorithms");

    public static bool are_deterministic_algorithms_enabled() => N.cc_runtime_get_deterministic() == 1;

    /// <summary>True when OpenBLAS is loaded in this process (libtorch's BLAS here).</summary>
    public static bool IsOpenBlasLoaded => N.cc_runtime_has_openblas() == 1;

    /// <summary>libtorch's build configuration (at::show_config).</summary>
    public static string BuildConfig => Marshal.PtrToStringUTF8(N.cc_runtime_config()) ?? "";

    /// <summary>Managed tensor handles not yet disposed or finalised (for leak tests).</summary>
    public static long LiveTensorCount => TensorHandle.Live;

    /// <summary>Native tensor references held by the shim (for leak tests).</summary>
    public static long NativeLiveTensorCount => N.cc_tensor_live_count();

    /// <summary>Opens a dispose scope on this thread; tensors created until it is disposed belong to it.</summary>
    public static DisposeScope NewDisposeScope() => new();

    public static unsafe Tensor cat(IList<Tensor> tensors, long dim = 0) => Join(tensors, dim, "cat");

    public static Tensor concat(IList<Tensor> tensors, long dim = 0) => cat(tensors, dim);

    public static unsafe Tensor stack(IEnumerable<Tensor> tensors, long dim = 0) => Join(tensors.ToList(), dim, "stack");

    private static unsafe Tensor Join(IList<Tensor> tensors, long dim, string op)
    {
        if (tensors.Count == 0) throw new ArgumentException($"{op} needs at least one tensor", nameof(tensors));
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = tensors[i].H(op).DangerousGetHandle();
        IntPtr r;
        fixed (IntPtr* p = handles) r = op == "cat" ? N.cc_tensor_cat(p, handles.Length, dim) : N.cc_tensor_stack(p, handles.Length, dim);
        GC.KeepAlive(tensors);
        return r != IntPtr.Zero ? new Tensor(r) : throw Tensor.Error(op, tensors.ToArray());
    }

    public static Tensor where(Tensor condition, Tensor x, Tensor y) => x.where(condition, y);
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor exp(Tensor a) => a.exp();
    public static Tensor log(Tensor a) => a.log();
    public static Tensor sigmoid(Tensor a) => a.sigmoid();
    public static Tensor relu(Tensor a) => a.relu();
    public static Tensor tanh(Tensor a) => a.tanh();
    public static Tensor sqrt(Tensor a) => a.sqrt();
    public static Tensor abs(Tensor a) => a.abs();
    public static Tensor sum(Tensor a) => a.sum();
    public static Tensor mean(Tensor a) => a.mean();
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor clamp(Tensor a, double? min = null, double? max = null) => a.clamp(min, max);
    public static Tensor pow(Tensor a, double exponent) => a.pow(exponent);
    public static Tensor softmax(Tensor a, long dim) => a.softmax(dim);
    public static Tensor log_softmax(Tensor a, long dim) => a.log_softmax(dim);
    public static Tensor argmax(Tensor a, long dim, bool keepdim = false) => a.argmax(dim, keepdim);
    public static Tensor flatten(Tensor a, long start_dim = 0, long end_dim = -1) => a.flatten(start_dim, end_dim);
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);
    public static Tensor index_select(Tensor a, long dim, Tensor index) => a.index_select(dim, index);
    public static Tensor gather(Tensor a, long dim, Tensor index) => a.gather(dim, index);

    /// <summary>CUDA is not part of this CPU-only build.</summary>
    public static class cuda
    {
        public static bool is_available() => false;
    }
}
