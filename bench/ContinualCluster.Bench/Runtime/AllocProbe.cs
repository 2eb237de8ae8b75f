using System.Diagnostics.Tracing;
using System.Collections.Concurrent;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>TEMP: samples allocation ticks by type during cross-silo calls.</summary>
internal static class AllocProbe
{
    private sealed class Listener : EventListener
    {
        public readonly ConcurrentDictionary<string, long> ByType = new();
        public volatile bool On;
        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!On || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick")) return;
            int i = e.PayloadNames!.IndexOf("TypeName");
            ByType.AddOrUpdate(e.Payload![i]?.ToString() ?? "?", 1, (_, v) => v + 1);
        }
    }

    public static async Task RunAsync(BenchReport report)
    {
        await using var cluster = await InProcessCluster.StartAsync(2, o => { o.Lease = TimeSpan.FromSeconds(5); o.DeadTimeout = TimeSpan.FromSeconds(10); o.HeartbeatInterval = TimeSpan.FromSeconds(1); });
        var caller = cluster.Silos[0].GrainFactory;
        var grains = new List<IPingGrain>();
        for (int k = 0; grains.Count < 64; k++) { var g = caller.GetGrain<IPingGrain>($"x{k}"); if (await g.WhereAsync() == "silo1") grains.Add(g); }
        using var l = new Listener();
        await OpenLoopLoad.RunAsync(grains, TimeSpan.FromSeconds(1), 25000);
        l.On = true;
        await OpenLoopLoad.RunAsync(grains, TimeSpan.FromSeconds(3), 25000);
        l.On = false;
        foreach (var (t, n) in l.ByType.OrderByDescending(kv => kv.Value).Take(30)) Console.WriteLine($"{n,6} x100KB {t}");
    }
}
