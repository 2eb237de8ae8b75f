using System.Collections.Concurrent;
using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>
/// Two silo processes and an in-process client silo share a store, all with the production timings (SiloOptions'
/// defaults); four callers add to a counter hosted on one process, which is killed with SIGKILL mid-calls. Every
/// acknowledged total must be distinct (one activation at a time), the final total must cover every acknowledged add,
/// and the grain must serve again from the surviving silo within <see cref="RecoveryBound"/> of the kill.
/// </summary>
internal static class KillNineScenario
{
    /// <summary>
    /// A liveness bound, not a speed target: with the default DeadTimeout of 10 s, detection (≤ DeadTimeout + 2 refreshes)
    /// then one takeover, plus room for a loaded 2-core CI machine (which measured 15.5 s where a quiet one takes 11–12 s).
    /// </summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(string store, string connection, IGrainStateStore state, IGrainDirectoryStore directory, IMembershipStore membership, Action<string> log)
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        using var cluster = await ProcessCluster.StartAsync(2, store, connection, $"p-{run}-", "--timings", "production");
        var p1 = cluster.Silos[1];
        var client = new Silo(new SiloOptions { SiloId = $"client-{run}", ClusterSecret = TestSiloOptions.Secret, HostsGrains = false },
            new ServiceCollection().BuildServiceProvider(), state, directory, membership);
        await client.StartAsync();
        try
        {
            string key = "";
            for (int k = 0; key == "" && k < 200; k++)
                if ((await client.GrainFactory.GetGrain<ICounterGrain>($"{run}-{k}").WhereAsync()).StartsWith($"p-{run}-1/", StringComparison.Ordinal)) key = $"{run}-{k}";
            Assert.NotEqual("", key);
            var counter = client.GrainFactory.GetGrain<ICounterGrain>(key);
            var acknowledged = new ConcurrentBag<long>();
            var errors = new ConcurrentBag<Exception>();
            int ambiguous = 0, afterKill = 0;
            bool killed = false;
            long killedAt = 0, firstSuccessAfterKill = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && Volatile.Read(ref afterKill) < 40)
                {
                    try
                    {
                        acknowledged.Add(await counter.AddAsync(1));
                        if (Volatile.Read(ref killed) && Interlocked.Increment(ref afterKill) == 1)
                            Volatile.Write(ref firstSuccessAfterKill, Environment.TickCount64);
                    }
                    catch (Exception e) when (e is SiloUnavailableException or TimeoutException or StoreUnavailableException)
                    {
                        errors.Add(e);
                        if (e is TimeoutException || (e as SiloUnavailableException)?.MayHaveRun == true) Interlocked.Increment(ref ambiguous);
                        await Task.Delay(20);
                    }
                }
            })).ToArray();
            while (acknowledged.Count < 30 && !stop.IsCancellationRequested) await Task.Delay(10);
            cluster.Kill(1);
            killedAt = Environment.TickCount64;
            Volatile.Write(ref killed, true);
            var declared = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if ((await membership.ReadAllAsync()).Any(r => r.SiloId == p1.SiloId && r.Generation == p1.Generation && r.Status == SiloStatus.Dead))
                        return Environment.TickCount64 - killedAt;
                    await Task.Delay(100);
                }
                return -1L;
            });
            await Task.WhenAll(callers);
            var recovery = TimeSpan.FromMilliseconds(firstSuccessAfterKill - killedAt);
            log($"declared dead {await declared / 1000.0:0.0} s and first success {recovery.TotalSeconds:0.0} s after kill -9; {errors.Count} errors meanwhile, e.g. {errors.FirstOrDefault()?.Message}");
            log(cluster.Silos[0].Output);
            Assert.True(afterKill >= 40, $"only {afterKill} calls succeeded after the kill; errors: {string.Join(" | ", errors.Take(5).Select(e => e.Message))}");

            Assert.True(recovery <= RecoveryBound, $"the grain served again only {recovery} after the kill (bound {RecoveryBound})");
            long total = await counter.GetAsync();
            var values = acknowledged.ToArray();
            Assert.Equal(values.Length, values.Distinct().Count());
            Assert.True(total >= values.Length, $"total {total} lost acknowledged writes ({values.Length} acknowledged)");
            Assert.True(total <= values.Length + ambiguous, $"total {total} exceeds {values.Length} acknowledged + {ambiguous} ambiguous");
            Assert.True(values.Max() <= total, $"an acknowledged total {values.Max()} is above the stored total {total}");
            Assert.StartsWith($"p-{run}-0/", await counter.WhereAsync());
            Assert.Contains(await membership.ReadAllAsync(), r => r.SiloId == p1.SiloId && r.Generation == p1.Generation && r.Status == SiloStatus.Dead);

            var restarted = await cluster.RestartAsync(1);
            Assert.NotEqual(p1.Generation, restarted.Generation);
            Assert.Equal(total + 1, await counter.AddAsync(1));
            Assert.Contains(await membership.ReadAllAsync(), r => r.SiloId == p1.SiloId && r.Generation == restarted.Generation && r.Status == SiloStatus.Active);
        }
        finally
        {
            await client.KillAsync();
        }
    }
}
