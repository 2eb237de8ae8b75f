using ContinualCluster.Runtime;
using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.InMemory;
using ContinualCluster.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.TestKit.Cluster;

/// <summary>N silos in this process over shared stores (in-memory by default): start, kill (no grace), restart, add.</summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private readonly List<Silo> _silos = new();
    private readonly Action<SiloOptions>? _configure;
    private readonly IServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    private InProcessCluster(InMemoryStores stores, IGrainStateStore state, IGrainDirectoryStore directory, IMembershipStore membership, Action<SiloOptions>? configure)
    {
        Stores = stores;
        State = state;
        Directory = directory;
        Membership = membership;
        _configure = configure;
    }

    public InMemoryStores Stores { get; }
    public IGrainStateStore State { get; }
    public IGrainDirectoryStore Directory { get; }
    public IMembershipStore Membership { get; }
    public IReadOnlyList<Silo> Silos => _silos;

    /// <summary>The first silo's grain factory.</summary>
    public IGrainFactory Client => _silos[0].GrainFactory;

    public static async Task<InProcessCluster> StartAsync(int silos, Action<SiloOptions>? configure = null)
    {
        var stores = new InMemoryStores();
        var cluster = new InProcessCluster(stores, stores.State, stores.Directory, stores.Membership, configure);
        for (int i = 0; i < silos; i++) await cluster.AddSiloAsync();
        return cluster;
    }

    /// <summary>Starts one more silo; <paramref name="configure"/> adjusts just this one (labels, budget).</summary>
    public async Task<Silo> AddSiloAsync(Action<SiloOptions>? configure = null, string? siloId = null)
    {
        var options = TestSiloOptions.Create(siloId ?? $"silo{_silos.Count}", o => { _configure?.Invoke(o); configure?.Invoke(o); });
        var silo = new Silo(options, _services, State, Directory, Membership);
        await silo.StartAsync();
        _silos.Add(silo);
        await RefreshViewsAsync();
        return silo;
    }

    /// <summary>Makes every serving silo re-read membership now instead of at its next refresh.</summary>
    public async Task RefreshViewsAsync()
    {
        foreach (var s in _silos)
            if (s.IsServing) await s.Runtime.Membership.RefreshAsync(CancellationToken.None);
    }

    /// <summary>Crashes silo <paramref name="index"/>: heartbeats stop, activations vanish, nothing is persisted.</summary>
    public Task KillAsync(int index) => _silos[index].KillAsync();

    /// <summary>Starts silo <paramref name="index"/> again under its id with a new generation (killing it first if needed).</summary>
    public async Task<Silo> RestartAsync(int index)
    {
        var old = _silos[index];
        await old.KillAsync();
        var silo = new Silo(old.Options, _services, State, Directory, Membership);
        await silo.StartAsync();
        _silos[index] = silo;
        await RefreshViewsAsync();
        return silo;
    }

    /// <summary>Waits until every live silo sees <paramref name="silo"/>'s generation as dead.</summary>
    public async Task WaitUntilDeadAsync(Silo silo, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var rows = await Membership.ReadAllAsync();
            if (rows.Any(r => r.SiloId == silo.SiloId && r.Generation == silo.Generation && r.Status == SiloStatus.Dead)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Silo {silo.SiloId} was not declared dead within {timeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        Stores.Outage.Restore();
        foreach (var s in _silos) await s.KillAsync();
    }
}
