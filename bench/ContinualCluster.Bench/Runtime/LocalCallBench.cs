using System.Diagnostics;
using ContinualCluster.Runtime.InMemory;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>Grain calls within one silo: 64 concurrent callers, each on its own activation, through generated proxies.</summary>
internal static class LocalCallBench
{
    public const int Callers = 64;

    public static async Task RunAsync(BenchReport report)
    {
        var stores = new InMemoryStores();
        var silo = await BenchSilos.StartAsync("local", stores.State, stores.Directory, stores.Membership);
        try
        {
            var grains = Enumerable.Range(0, Callers).Select(i => silo.GrainFactory.GetGrain<IPingGrain>($"local{i}")).ToArray();
            foreach (var g in grains) await g.PingAsync(0);
            await RunForAsync(grains, TimeSpan.FromMilliseconds(500));
            var (calls, seconds, rec) = await RunForAsync(grains, TimeSpan.FromSeconds(3));
            double rate = calls / seconds;
            report.Row("local calls/s (64 callers)", rate.ToString("0"), "calls/s", $"{calls} calls in {seconds:0.00} s, {Environment.ProcessorCount} cores");
            report.Row("local call p50", rec.PercentileMicros(50).ToString("0.00"), "µs", "");
            report.Row("local call p99", rec.PercentileMicros(99).ToString("0.00"), "µs", "");
            report.TargetAtLeast("local grain calls/s", rate, 1_000_000, "/s", "0");
        }
        finally { await silo.KillAsync(); }
    }

    private static async Task<(long Calls, double Seconds, LatencyRecorder Recorder)> RunForAsync(IPingGrain[] grains, TimeSpan duration)
    {
        var rec = new LatencyRecorder(grains.Length);
        long stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sw = Stopwatch.StartNew();
        var tasks = grains.Select((g, i) => Task.Run(async () =>
        {
            int v = 0;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                for (int k = 0; k < 64; k++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    v = await g.PingAsync(v);
                    rec.Record(i, t0);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return (rec.Count, sw.Elapsed.TotalSeconds, rec);
    }
}
