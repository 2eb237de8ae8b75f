using System.Collections.Concurrent;
using System.Diagnostics;
using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using ContinualCluster.TestKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Runtime.Tests;

/// <summary>
/// PostgreSQL stopped for 5 s under two real silo processes and an in-process client, all with production timings:
/// calls fail fast with a clear error, then the same processes serve again by themselves, from the stored state,
/// with their generations (nobody was declared dead: a failed membership read restarts failure detection).
/// </summary>
public sealed class StoreOutageProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PostgreSql_down_for_5_s_fails_calls_fast_and_the_same_silos_recover_by_themselves()
    {
        if (PostgreSqlTestServer.PrivateServerUnavailableReason is { } why) { output.WriteLine("skipped: " + why); return; }
        await using var server = await PostgreSqlTestServer.StartPrivateAsync();
        string cs = await server.CreateDatabaseAsync("outage");
        await using var db = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = cs, ConnectTimeout = TimeSpan.FromSeconds(2) });
        var membership = new PostgreSqlMembershipStore(db);
        string run = Guid.NewGuid().ToString("N")[..6];
        using var cluster = await ProcessCluster.StartAsync(2, "postgresql", cs, $"o-{run}-", "--timings", "production");
        var client = new Silo(new SiloOptions { SiloId = $"oclient-{run}", ClusterSecret = TestSiloOptions.Secret, HostsGrains = false },
            new ServiceCollection().BuildServiceProvider(), new PostgreSqlGrainStateStore(db), new PostgreSqlGrainDirectoryStore(db), membership);
        await client.StartAsync();
        try
        {
            var generations = (await membership.ReadAllAsync()).ToDictionary(r => r.SiloId, r => r.Generation);
            var counter = client.GrainFactory.GetGrain<ICounterGrain>($"outage-{run}");
            long before = 0;
            for (int i = 0; i < 5; i++) before = await counter.AddAsync(1);

            var acknowledged = new ConcurrentBag<long>();
            var failures = new ConcurrentBag<(Exception Error, TimeSpan Took)>();
            long restoredAt = 0, firstSuccessAfterRestore = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        acknowledged.Add(await counter.AddAsync(1));
                        if (Volatile.Read(ref restoredAt) != 0) Interlocked.CompareExchange(ref firstSuccessAfterRestore, Environment.TickCount64, 0);
                        if (Volatile.Read(ref firstSuccessAfterRestore) != 0 && Environment.TickCount64 - firstSuccessAfterRestore > 2000) return;
                    }
                    catch (Exception e)
                    {
                        failures.Add((e, sw.Elapsed));
                        await Task.Delay(100);
                    }
                }
            })).ToArray();

            await Task.Delay(500);
            await server.StopAsync();
            var downAt = Stopwatch.StartNew();
            await Task.Delay(Outage);
            await server.StartAsync();
            output.WriteLine($"PostgreSQL was down {downAt.Elapsed.TotalSeconds:0.0} s");
            Volatile.Write(ref restoredAt, Environment.TickCount64);
            await Task.WhenAll(callers);

            Assert.True(firstSuccessAfterRestore != 0, "no call succeeded within 60 s after PostgreSQL came back");
            var recovery = TimeSpan.FromMilliseconds(firstSuccessAfterRestore - restoredAt);
            output.WriteLine($"first success {recovery.TotalSeconds:0.0} s after PostgreSQL was back; {failures.Count} failed calls, {acknowledged.Count} acknowledged");
            foreach (var g in failures.GroupBy(f => f.Error.GetType().Name))
                output.WriteLine($"  {g.Count()} x {g.Key}, slowest {g.Max(f => f.Took).TotalSeconds:0.00} s, e.g. {g.First().Error.Message}");
            Assert.True(recovery < TimeSpan.FromSeconds(20), $"the cluster took {recovery} to serve again");
            Assert.NotEmpty(failures);
            Assert.All(failures, f => Assert.True(f.Error is StoreUnavailableException or SiloUnavailableException, f.Error.ToString()));
            Assert.All(failures, f => Assert.True(f.Took < TimeSpan.FromSeconds(10), $"a call hung {f.Took} during the outage: {f.Error.Message}"));

            // The same processes serve, with the same generations: none was declared dead or restarted.
            Assert.All(cluster.Silos, s => Assert.False(s.HasExited, $"{s.SiloId} exited:\n{s.Output}"));
            var rows = await membership.ReadAllAsync();
            foreach (var (silo, generation) in generations)
                Assert.Equal(SiloStatus.Active, rows.Single(r => r.SiloId == silo && r.Generation == generation).Status);
            Assert.True(client.IsServing);

            // One activation at a time: every acknowledged total is distinct; the stored total covers all of them and
            // exceeds them by at most the calls that failed (a failed call's effect may have been written, or may be
            // written later by the same activation whose in-memory state it changed).
            var values = acknowledged.ToArray();
            Assert.Equal(values.Length, values.Distinct().Count());
            long total = await counter.GetAsync();
            Assert.True(values.All(v => v > before) && values.Max() <= total, $"total {total}, acknowledged up to {values.Max()}");
            Assert.True(total <= before + values.Length + failures.Count, $"total {total} exceeds {before} + {values.Length} acknowledged + {failures.Count} failed");
        }
        finally
        {
            await client.KillAsync();
            foreach (var s in cluster.Silos) output.WriteLine($"--- {s.SiloId} (last lines)\n{string.Join('\n', s.Output.Split('\n').TakeLast(4))}");
        }
    }
}
