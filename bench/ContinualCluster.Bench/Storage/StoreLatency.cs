using System.Diagnostics;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Bench.Storage;

/// <summary>
/// Reusable store micro-benchmarks: how long activating a grain's state (ReadAsync of a blob written earlier), writing
/// it and appending a durable request take, one call at a time, as p50/p99 in milliseconds.
/// </summary>
public static class StoreLatency
{
    /// <summary>Percentiles of one measured operation.</summary>
    public sealed record Result(string Operation, int Calls, double P50Ms, double P99Ms, double MaxMs, double CpuMicrosPerCall);

    /// <summary>Writes <paramref name="grains"/> states of <paramref name="stateBytes"/> bytes, then reads each once (after a warm-up on others).</summary>
    public static async Task<(Result Write, Result Read)> StateAsync(IGrainStateStore store, int grains, int stateBytes, CancellationToken ct = default)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        var payload = new byte[stateBytes];
        Random.Shared.NextBytes(payload);
        int warm = Math.Max(10, grains / 10);
        for (int i = 0; i < warm; i++)
        {
            var g = new GrainId("bench.warm", $"{run}-{i}");
            await store.WriteAsync(g, payload, null, ct);
            await store.ReadAsync(g, ct);
        }
        var writes = new double[grains];
        var cpu = CpuNow();
        for (int i = 0; i < grains; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            await store.WriteAsync(new GrainId("bench.state", $"{run}-{i}"), payload, null, ct);
            writes[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        double writeCpu = CpuNow() - cpu;
        var reads = new double[grains];
        cpu = CpuNow();
        for (int i = 0; i < grains; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            var state = await store.ReadAsync(new GrainId("bench.state", $"{run}-{i}"), ct);
            reads[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (state is null || state.Data.Length != stateBytes)
                throw new InvalidOperationException($"read back {state?.Data.Length ?? 0} bytes of state, expected {stateBytes}");
        }
        double readCpu = CpuNow() - cpu;
        return (Summarize("write", writes, writeCpu), Summarize("read (activate)", reads, readCpu));
    }

    /// <summary>Appends <paramref name="count"/> requests with fresh ids to one log, one at a time.</summary>
    public static async Task<Result> AppendAsync(IRequestLog log, int count, CancellationToken ct = default)
    {
        string name = $"bench-{Guid.NewGuid():N}";
        var payload = new byte[256];
        for (int i = 0; i < 10; i++) await log.AppendAsync(name, $"warm-{i}", "bench", payload, ct);
        var times = new double[count];
        var cpu = CpuNow();
        for (int i = 0; i < count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            await log.AppendAsync(name, $"r-{i}", "bench", payload, ct);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        return Summarize("request-log append", times, CpuNow() - cpu);
    }

    /// <summary>This process's CPU time in microseconds (all threads): unlike wall time, barely moved by other processes' load.</summary>
    private static double CpuNow() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds;

    private static Result Summarize(string operation, double[] ms, double cpuMicros)
    {
        var sorted = ms.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        return new Result(operation, sorted.Length, At(50), At(99), sorted[^1], cpuMicros / sorted.Length);
    }
}
