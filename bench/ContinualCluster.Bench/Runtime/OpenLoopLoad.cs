using System.Diagnostics;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>
/// Open-loop load: issues calls at a fixed rate (round-robin over the grains) without waiting for earlier answers,
/// so latency is measured at that load rather than at whatever rate closed-loop callers reach.
/// </summary>
internal static class OpenLoopLoad
{
    public static async Task<(long Calls, double Seconds, double P50Micros, double P99Micros)> RunAsync(IReadOnlyList<IPingGrain> grains, TimeSpan duration, double rate)
    {
        int total = (int)(rate * duration.TotalSeconds);
        var latencies = new long[total];
        var pending = new Task[total];
        long start = Stopwatch.GetTimestamp();
        int issued = 0;
        while (issued < total)
        {
            double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
            int due = Math.Min(total, (int)(elapsed * rate));
            for (; issued < due; issued++)
            {
                int slot = issued;
                long t0 = Stopwatch.GetTimestamp();
                pending[slot] = grains[slot % grains.Count].PingAsync(slot).ContinueWith(
                    t => latencies[slot] = t.IsCompletedSuccessfully ? Stopwatch.GetTimestamp() - t0 : long.MaxValue,
                    TaskContinuationOptions.ExecuteSynchronously);
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(pending);
        double seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        Array.Sort(latencies);
        double Micros(double p) => latencies[Math.Min(total - 1, (int)(p / 100 * total))] * 1_000_000.0 / Stopwatch.Frequency;
        return (total, seconds, Micros(50), Micros(99));
    }
}
