using System.Diagnostics;
using ContinualCluster.Runtime.InMemory;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>Managed heap growth for 10,000 idle activations (grain, activation record, directory entry and cache).</summary>
internal static class IdleMemoryBench
{
    public static async Task RunAsync(BenchReport report)
    {
        var stores = new InMemoryStores();
        var silo = await BenchSilos.StartAsync("memory", stores.State, stores.Directory, stores.Membership);
        try
        {
            await silo.GrainFactory.GetGrain<IPingGrain>("warm").PingAsync(0);
            long before = GC.GetTotalMemory(forceFullCollection: true);
            long rssBefore = Process.GetCurrentProcess().WorkingSet64;
            var refs = new List<IPingGrain>(10_000);
            for (int i = 0; i < 10_000; i++)
            {
                var g = silo.GrainFactory.GetGrain<IPingGrain>($"idle{i}");
                await g.PingAsync(i);
                refs.Add(g);
            }
            long after = GC.GetTotalMemory(forceFullCollection: true);
            long rssAfter = Process.GetCurrentProcess().WorkingSet64;
            double mb = (after - before) / (1024.0 * 1024.0);
            report.Row("10,000 idle activations, managed heap", mb.ToString("0.0"), "MB", $"{(after - before) / 10_000} bytes each; {silo.ActivationCount} activations");
            report.Row("10,000 idle activations, RSS growth", ((rssAfter - rssBefore) / (1024.0 * 1024.0)).ToString("0.0"), "MB", "working set delta");
            report.TargetAtMost("memory of 10,000 idle activations", mb, 200, " MB", "0.0");
            GC.KeepAlive(refs);
        }
        finally { await silo.KillAsync(); }
    }
}
