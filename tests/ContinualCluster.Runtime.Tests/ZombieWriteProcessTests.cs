using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Runtime.Tests;

/// <summary>
/// A real silo process frozen (SIGSTOP) in the middle of a grain's slow write is declared dead; the grain moves to the
/// other process and acknowledges new writes; when the frozen process runs on (SIGCONT), its delayed write must not land.
/// </summary>
public sealed class ZombieWriteProcessTests(ITestOutputHelper output)
{
    [Fact]
    public Task Frozen_silo_resumed_after_takeover_cannot_write_its_delayed_state_over_sqlite() => ScratchSqlite.RunAsync("ccl-zombie.", RunAsync);

    private async Task RunAsync(string connection, IGrainStateStore state, IGrainDirectoryStore directory, IMembershipStore membership)
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        using var cluster = await ProcessCluster.StartAsync(2, "sqlite", connection, $"z-{run}-");
        var a = cluster.Silos[0];
        var b = cluster.Silos[1];
        var client = new Silo(TestSiloOptions.CreateForProcesses($"client-{run}", o => o.HostsGrains = false),
            new ServiceCollection().BuildServiceProvider(), state, directory, membership);
        await client.StartAsync();
        try
        {
            string key = "";
            for (int k = 0; key == "" && k < 200; k++)
                if ((await client.GrainFactory.GetGrain<ICounterGrain>($"{run}-{k}").WhereAsync()).StartsWith($"{b.SiloId}/", StringComparison.Ordinal)) key = $"{run}-{k}";
            Assert.NotEqual("", key);
            var counter = client.GrainFactory.GetGrain<ICounterGrain>(key);
            for (int i = 1; i <= 3; i++) Assert.Equal(i, await counter.AddAsync(1));

            // B changes State (+100) and waits 2 s before writing; freeze B during that wait.
            var slow = counter.SlowAddAsync(100, 2000);
            await WaitForAsync(() => b.Output.Contains("SLOWADD waiting", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "B to start the slow add");
            cluster.Pause(1);
            long pausedAt = Environment.TickCount64;
            await WaitForAsync(async () => (await membership.ReadAllAsync()).Any(r => r.SiloId == b.SiloId && r.Generation == b.Generation && r.Status == SiloStatus.Dead),
                TimeSpan.FromSeconds(20), "frozen B to be declared dead");
            output.WriteLine($"B declared dead {(Environment.TickCount64 - pausedAt) / 1000.0:0.0} s after SIGSTOP");

            // The grain reactivates on A from the last written state (3) and acknowledges two new writes.
            long first = await RetryAsync(() => counter.AddAsync(1), TimeSpan.FromSeconds(20));
            Assert.Equal(4, first);
            Assert.Equal(5, await counter.AddAsync(1));
            Assert.StartsWith($"{a.SiloId}/", await counter.WhereAsync());
            var grain = new GrainId(typeof(ICounterGrain).FullName!, key);
            var storedByA = await state.ReadAsync(grain) ?? throw new InvalidOperationException($"no stored state for {grain}");

            // B runs on: its delay has long expired, so the zombie activation writes (or B stops first).
            cluster.Resume(1);
            int? exitCode = await b.WaitForExitAsync(TimeSpan.FromSeconds(15));
            var slowError = await Record.ExceptionAsync(() => slow.WaitAsync(TimeSpan.FromSeconds(15)));
            output.WriteLine($"B exited with {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing (still running)"}; the slow call ended with {slowError?.GetType().Name}: {slowError?.Message}");
            output.WriteLine(b.Output);

            Assert.Equal(3, exitCode); // the resumed process learned from its next heartbeat that it is dead and exited
            // The zombie's call is never acknowledged: its error comes back, or the client's response timeout (10 s, the
            // freeze included) ran out first, or the connection is lost as B exits.
            Assert.True(slowError is InconsistentStateException or TimeoutException or SiloUnavailableException, $"the slow call ended with {slowError}");
            // B learned it was dead from its first heartbeat, yet the grain code already running went on to write:
            // fencing stops new calls, not a running one; the ETag is what refuses the zombie's write.
            Assert.DoesNotContain("SLOWADD wrote", b.Output, StringComparison.Ordinal);
            Assert.Contains("SLOWADD failed InconsistentStateException", b.Output, StringComparison.Ordinal);
            var stored = await state.ReadAsync(grain);
            Assert.Equal(storedByA.ETag, stored?.ETag); // nothing was written after A's last acknowledged write
            Assert.Equal(5, await counter.GetAsync());
            Assert.Equal(6, await counter.AddAsync(1)); // A's ETag is still current: its next write succeeds
        }
        finally
        {
            cluster.Kill(1);
            await client.KillAsync();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        await WaitForAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out after {timeout} waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try { return await call(); }
            catch (Exception e) when (e is SiloUnavailableException or TimeoutException && DateTime.UtcNow < until) { await Task.Delay(100); }
        }
    }
}
