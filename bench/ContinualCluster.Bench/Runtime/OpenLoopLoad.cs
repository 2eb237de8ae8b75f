using System.Diagnostics;
using System.Runtime.CompilerServices;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>
/// Open-loop load: issues calls at a fixed rate (round-robin over the grains) without waiting for earlier answers,
/// so latency is measured at that load rather than at whatever rate closed-loop callers reach. Only calls in flight
/// are referenced (a finished call leaves one long behind), so the generator does not inflate GC pauses by keeping
/// every task of the run alive.
/// </summary>
internal static class OpenLoopLoad
{
    public static async Task<(long Calls, double Seconds, double P50Micros, double P99Micros, double P999Micros)> RunAsync(IReadOnlyList<IPingGrain> grains, TimeSpan duration, double rate)
    {
        int total = (int)(rate * duration.TotalSeconds);
        var run = new Run(total);
        long start = Stopwatch.GetTimestamp();
        int issued = 0;
        while (issued < total)
        {
            double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
            int due = Math.Min(total, (int)(elapsed * rate));
            for (; issued < due; issued++)
            {
                long t0 = Stopwatch.GetTimestamp();
                var awaiter = grains[issued % grains.Count].PingAsync(issued).GetAwaiter();
                if (awaiter.IsCompleted) run.Finish(issued, t0, awaiter);
                else awaiter.UnsafeOnCompleted(new Call(run, issued, t0, awaiter).OnCompleted);
            }
            await Task.Delay(1);
        }
        await run.AllDone;
        double seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        var latencies = run.Latencies;
        Array.Sort(latencies);
        double Micros(double p) => latencies[Math.Min(total - 1, (int)(p / 100 * total))] * 1_000_000.0 / Stopwatch.Frequency;
        return (total, seconds, Micros(50), Micros(99), Micros(99.9));
    }

    private sealed class Run(int total)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = total;

        public long[] Latencies { get; } = new long[total];

        public Task AllDone => _done.Task;

        public void Finish(int slot, long t0, TaskAwaiter<int> awaiter)
        {
            bool ok;
            try { awaiter.GetResult(); ok = true; }
            catch (Exception) { ok = false; }
            Latencies[slot] = ok ? Stopwatch.GetTimestamp() - t0 : long.MaxValue;
            if (Interlocked.Decrement(ref _left) == 0) _done.TrySetResult();
        }
    }

    private sealed class Call(Run run, int slot, long t0, TaskAwaiter<int> awaiter)
    {
        public void OnCompleted() => run.Finish(slot, t0, awaiter);
    }
}
