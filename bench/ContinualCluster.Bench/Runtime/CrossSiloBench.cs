using System.Diagnostics;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>Calls from one silo to grains on another over the HTTP/2 transport on loopback: peak rate, then latency at 25,000/s.</summary>
internal static class CrossSiloBench
{
    private const int Callers = 64;

    public static async Task RunAsync(BenchReport report)
    {
        await using var cluster = await InProcessCluster.StartAsync(2, o =>
        {
            o.Lease = TimeSpan.FromSeconds(5);
            o.DeadTimeout = TimeSpan.FromSeconds(10);
            o.HeartbeatInterval = TimeSpan.FromSeconds(1);
        });
        var caller = cluster.Silos[0].GrainFactory;
        var grains = new List<IPingGrain>();
        for (int k = 0; grains.Count < Callers; k++)
        {
            var g = caller.GetGrain<IPingGrain>($"x{k}");
            if (await g.WhereAsync() == "silo1") grains.Add(g);
        }
        await RunAsync(grains, TimeSpan.FromMilliseconds(500), 0);
        var (calls, seconds, rec) = await RunAsync(grains, TimeSpan.FromSeconds(3), 0);
        double rate = calls / seconds;
        report.Row("cross-silo calls/s (64 callers)", rate.ToString("0"), "calls/s", "HTTP/2 h2c multiplexed stream, loopback, both silos in this process");
        report.Row("cross-silo p50 at peak", rec.PercentileMicros(50).ToString("0"), "µs", "");
        report.Row("cross-silo p99 at peak", rec.PercentileMicros(99).ToString("0"), "µs", "");
        report.TargetAtLeast("cross-silo calls/s, 64 callers", rate, 50_000, "/s", "0");
        const double halfLoad = 25_000;
        var (c2, s2, rec2) = await RunAsync(grains, TimeSpan.FromSeconds(3), halfLoad);
        report.Row("cross-silo paced rate", (c2 / s2).ToString("0"), "calls/s", "paced to 25,000/s (half the 50,000/s target)");
        report.Row("cross-silo p50 at 25,000/s", rec2.PercentileMicros(50).ToString("0"), "µs", "");
        double p99 = rec2.PercentileMicros(99) / 1000.0;
        report.Row("cross-silo p99 at 25,000/s", p99.ToString("0.000"), "ms", "");
        report.TargetAtMost("cross-silo p99 at 25,000 calls/s", p99, 2, " ms");
    }

    private static async Task<(long, double, LatencyRecorder)> RunAsync(List<IPingGrain> grains, TimeSpan duration, double totalRate)
    {
        var rec = new LatencyRecorder(grains.Count);
        long start = Stopwatch.GetTimestamp();
        long stopAt = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        double interval = totalRate > 0 ? grains.Count * Stopwatch.Frequency / totalRate : 0;
        var tasks = grains.Select((g, i) => Task.Run(async () =>
        {
            int v = 0;
            double next = start + interval * i / grains.Count;
            while (true)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= stopAt) break;
                if (interval > 0)
                {
                    double wait = (next - now) * 1000.0 / Stopwatch.Frequency;
                    if (wait > 0.05) await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait)));
                    next += interval;
                }
                long t0 = Stopwatch.GetTimestamp();
                v = await g.PingAsync(v);
                rec.Record(i, t0);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return (rec.Count, (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency, rec);
    }
}
