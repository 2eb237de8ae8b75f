using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Membership;

/// <summary>
/// Keeps this silo's membership row alive and watches the others: heartbeats renew a lease (no renewal within the
/// lease: stop serving), and a silo whose heartbeat this one saw unchanged for DeadTimeout is declared dead,
/// conditionally on that heartbeat still being the one observed.
/// </summary>
public sealed class MembershipAgent : IAsyncDisposable
{
    public const string HostsGrainsLabel = "hosts-grains";

    private readonly SiloOptions _options;
    private readonly IMembershipStore _store;
    private readonly ILogger _logger;
    private readonly Dictionary<(string, long), (DateTimeOffset Heartbeat, long SeenAt)> _observed = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private long _leaseStart = long.MinValue / 2;
    private volatile bool _declaredDead;
    private volatile MembershipSnapshot _view = MembershipSnapshot.Empty;
    private Task? _heartbeatLoop, _refreshLoop;

    public MembershipAgent(SiloOptions options, IMembershipStore store, string endpoint, ILogger logger)
    {
        _options = options;
        _store = store;
        _logger = logger;
        Endpoint = endpoint;
        Generation = DateTimeOffset.UtcNow.UtcTicks;
    }

    public string SiloId => _options.SiloId;

    public long Generation { get; }

    public string Endpoint { get; }

    public MembershipSnapshot View => _view;

    /// <summary>Raised (once) when the store says this silo generation is dead: it must never serve again.</summary>
    public event Action? DeclaredDead;

    /// <summary>Raised after each refresh with silos that turned dead since the last one.</summary>
    public event Action<IReadOnlyList<MembershipEntry>>? SilosDied;

    public event Action<MembershipSnapshot>? ViewChanged;

    /// <summary>True while the lease holds: the last successful heartbeat began less than Lease ago.</summary>
    public bool IsServing => !_declaredDead && Environment.TickCount64 - Volatile.Read(ref _leaseStart) < (long)_options.Lease.TotalMilliseconds;

    public bool IsDeclaredDead => _declaredDead;

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>(_options.Labels, StringComparer.Ordinal)
        {
            [HostsGrainsLabel] = _options.HostsGrains ? "true" : "false",
        };
        var now = DateTimeOffset.UtcNow;
        long started = Environment.TickCount64;
        await _store.RegisterAsync(new MembershipEntry(SiloId, Generation, Endpoint, labels, SiloStatus.Joining, now, now), cancellationToken);
        foreach (var old in await _store.ReadAllAsync(cancellationToken))
            if (old.SiloId == SiloId && old.Generation < Generation && old.Status != SiloStatus.Dead)
                await _store.DeclareDeadAsync(old.SiloId, old.Generation, DateTimeOffset.MaxValue, cancellationToken);
        if (!await _store.SetStatusAsync(SiloId, Generation, SiloStatus.Active, cancellationToken))
            throw new InvalidOperationException($"Silo {SiloId} generation {Generation} was declared dead while joining.");
        Volatile.Write(ref _leaseStart, started);
        await RefreshAsync(cancellationToken);
        _heartbeatLoop = Task.Run(() => HeartbeatLoopAsync(_stop.Token));
        _refreshLoop = Task.Run(() => RefreshLoopAsync(_stop.Token));
    }

    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopsAsync();
        if (_declaredDead) return;
        await _store.SetStatusAsync(SiloId, Generation, SiloStatus.ShuttingDown, cancellationToken);
        await _store.DeclareDeadAsync(SiloId, Generation, DateTimeOffset.MaxValue, cancellationToken);
    }

    public Task SetShuttingDownAsync(CancellationToken cancellationToken) =>
        _store.SetStatusAsync(SiloId, Generation, SiloStatus.ShuttingDown, cancellationToken);

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        while (await WaitAsync(timer, ct))
        {
            long started = Environment.TickCount64;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(_options.Lease);
                if (await _store.HeartbeatAsync(SiloId, Generation, DateTimeOffset.UtcNow, timeout.Token))
                    Volatile.Write(ref _leaseStart, started);
                else
                {
                    _declaredDead = true;
                    _logger.LogError("Silo {Silo} generation {Generation} was declared dead; it stops serving for good", SiloId, Generation);
                    DeclaredDead?.Invoke();
                    return;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _logger.LogWarning("Heartbeat of {Silo} failed ({Error}); serving {State}", SiloId, e.Message, IsServing ? "until the lease ends" : "stopped");
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.MembershipRefreshInterval);
        while (await WaitAsync(timer, ct))
        {
            try { await RefreshAsync(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await _refreshGate.WaitAsync(CancellationToken.None);
                _observed.Clear();
                _refreshGate.Release();
                _logger.LogWarning("Membership refresh on {Silo} failed: {Error}", SiloId, e.Message);
            }
        }
    }

    /// <summary>Reads the table, declares silos dead whose heartbeat stood still for DeadTimeout, publishes the view.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _refreshGate.WaitAsync(ct);
        try { await RefreshCoreAsync(ct); }
        finally { _refreshGate.Release(); }
    }

    private async Task RefreshCoreAsync(CancellationToken ct)
    {
        var rows = await _store.ReadAllAsync(ct);
        long now = Environment.TickCount64;
        var previous = _view;
        var declared = new List<MembershipEntry>();
        foreach (var row in rows)
        {
            if (row.Status == SiloStatus.Dead || (row.SiloId == SiloId && row.Generation == Generation)) continue;
            var key = (row.SiloId, row.Generation);
            if (!_observed.TryGetValue(key, out var seen) || seen.Heartbeat != row.LastHeartbeat)
            {
                _observed[key] = (row.LastHeartbeat, now);
                continue;
            }
            if (now - seen.SeenAt < (long)_options.DeadTimeout.TotalMilliseconds || !IsServing) continue;
            // +1 ms: stores keep heartbeats at micro- or millisecond precision; any renewal is DeadTimeout later anyway.
            if (await _store.DeclareDeadAsync(row.SiloId, row.Generation, row.LastHeartbeat.AddMilliseconds(1), ct))
            {
                _logger.LogWarning("Silo {Silo} generation {Generation} declared dead by {Me}: no heartbeat for {Timeout}", row.SiloId, row.Generation, SiloId, _options.DeadTimeout);
                declared.Add(row with { Status = SiloStatus.Dead });
            }
        }
        if (declared.Count > 0) rows = await _store.ReadAllAsync(ct);
        var view = new MembershipSnapshot(rows);
        _view = view;
        var died = rows.Where(r => r.Status == SiloStatus.Dead && previous.Find(r.SiloId, r.Generation) is { Status: not SiloStatus.Dead }).ToList();
        foreach (var d in declared) if (!died.Any(x => x.SiloId == d.SiloId && x.Generation == d.Generation)) died.Add(d);
        if (died.Count > 0) SilosDied?.Invoke(died);
        ViewChanged?.Invoke(view);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Stops heartbeats and refreshes (a crash stops them too: the lease then lapses).</summary>
    public async Task StopLoopsAsync()
    {
        if (!_stop.IsCancellationRequested) _stop.Cancel();
        foreach (var t in new[] { _heartbeatLoop, _refreshLoop })
            if (t is not null) try { await t; } catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        _stop.Dispose();
    }
}
