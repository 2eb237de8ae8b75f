using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// The intra-op thread count of the threads that serve and train (1 by default; CC_TORCH_THREADS overrides). On a
/// small machine that serves concurrent requests beside background training, one thread per computation wins: a
/// two-thread OpenMP team or OpenBLAS split waits at every barrier for a worker that another request, the training or
/// another process preempted (measured: batches of 128 went from p50 205 ms to 38 ms on 2 busy cores). libgomp keeps
/// the count per calling thread, so each serving or training thread applies it once (OpenBLAS's is process-wide).
/// </summary>
public static class IntraOpThreads
{
    private static int _count = int.TryParse(Environment.GetEnvironmentVariable("CC_TORCH_THREADS"), out int n) && n >= 1 ? n : 1;

    [ThreadStatic] private static int _applied;

    /// <summary>Threads per computation for the threads that call <see cref="Apply"/>.</summary>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set => Volatile.Write(ref _count, value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "at least one thread"));
    }

    /// <summary>Makes the calling thread's torch computations use <see cref="Count"/> threads (cheap after the first call).</summary>
    public static void Apply()
    {
        int count = Count;
        if (_applied == count) return;
        set_num_threads(count);
        _applied = count;
    }
}
