using ContinualCluster.Runtime.Membership;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Runtime.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContinualCluster.Runtime.Hosting;

/// <summary>One silo: joins membership, serves its transport endpoint, hosts activations, and stops gracefully or crashes.</summary>
public sealed class Silo : IAsyncDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly TransportServer _server;
    private readonly CancellationTokenSource _stop = new();
    private MembershipAgent? _membership;
    private Task? _collector;
    private int _state;

    public Silo(SiloOptions options, IServiceProvider services, IGrainStateStore state, IGrainDirectoryStore directory,
        IMembershipStore membership, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("ContinualCluster.Silo." + options.SiloId);
        _runtime = new SiloRuntime(options, services, state, directory, membership, logger);
        _server = new TransportServer(_runtime);
    }

    public SiloOptions Options => _runtime.Options;
    public string SiloId => _runtime.SiloId;
    public long Generation => _membership?.Generation ?? 0;
    public string Endpoint => _membership?.Endpoint ?? "";
    public IGrainFactory GrainFactory => _runtime;
    public bool IsServing => _membership is not null && _runtime.IsServing;
    public int ActivationCount => _runtime.ActivationCount;
    public MembershipSnapshot MembershipView => _membership?.View ?? MembershipSnapshot.Empty;
    internal SiloRuntime Runtime => _runtime;

    /// <summary>Completes when this silo generation stops for good (stopped, killed, or declared dead by the others).</summary>
    public Task Stopped => _stopped.Task;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException($"Silo {SiloId} was already started.");
        int port = await _server.StartAsync(cancellationToken);
        string endpoint = $"http://{Options.AdvertisedHost}:{port}";
        _membership = new MembershipAgent(Options, _runtime.MembershipStore, endpoint, _runtime.Logger);
        _runtime.Attach(_membership);
        _membership.DeclaredDead += () =>
        {
            _runtime.StopServing("declared dead by the cluster");
            _stopped.TrySetResult();
        };
        _membership.SilosDied += _runtime.OnSilosDied;
        _membership.ViewChanged += RefreshLoads;
        await _membership.JoinAsync(cancellationToken);
        _collector = Task.Run(() => CollectLoopAsync(_stop.Token));
        _runtime.Logger.LogInformation("Silo {Silo} generation {Generation} serving at {Endpoint}", SiloId, Generation, endpoint);
    }

    private void RefreshLoads(MembershipSnapshot view)
    {
        _runtime.Placement.ReportLoad(SiloId, _runtime.LocalLoad());
        foreach (var h in view.Hosts)
        {
            if (h.SiloId == SiloId) continue;
            _ = _runtime.Connections.Get(h.Endpoint).GetStatsAsync().ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully) _runtime.Placement.ReportLoad(h.SiloId, t.Result);
            }, TaskScheduler.Default);
        }
    }

    private async Task CollectLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Options.CollectionInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (!_runtime.IsServing) continue;
                _runtime.CollectIdle();
                _runtime.CollectMemoryIfOverBudget();
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Runs idle collection and memory eviction now (tests and operators; the silo also runs them on a timer).</summary>
    public int CollectNow() => _runtime.CollectIdle() + _runtime.CollectMemoryIfOverBudget();

    /// <summary>Graceful leave: ShuttingDown, deactivate (persist) every activation, then leave membership and stop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1) return;
        try
        {
            if (_membership is not null && !_membership.IsDeclaredDead && _runtime.IsServing)
            {
                await _membership.SetShuttingDownAsync(cancellationToken);
                await _runtime.DeactivateAllAsync(cancellationToken);
                bool peers = _membership.View.Active.Any(r => r.SiloId != Options.SiloId);
                await _membership.LeaveAsync(cancellationToken);
                if (peers) await DrainAsync(cancellationToken);
            }
        }
        finally
        {
            await ShutdownAsync("stopped");
        }
    }

    /// <summary>
    /// After leaving: refuses every call as "not run" (callers resolve again and retry elsewhere) for one membership
    /// refresh and a margin, until every peer has read that this silo left. Closing the transport at once instead reset
    /// connections under calls already written to them, which their callers must count as "may have run".
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        _runtime.StopServing("left the cluster");
        try { await Task.Delay(Options.MembershipRefreshInterval + TimeSpan.FromMilliseconds(250), cancellationToken); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Crash: stop heartbeats, drop activations, abort connections. Nothing is persisted or deregistered.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _state, 3) == 3) return;
        if (_membership is not null) await _membership.StopLoopsAsync();
        await ShutdownAsync("killed");
    }

    private async Task ShutdownAsync(string reason)
    {
        _stop.Cancel();
        if (_membership is not null) await _membership.StopLoopsAsync();
        _runtime.StopServing(reason);
        await _server.DisposeAsync();
        _runtime.Connections.Dispose();
        if (_collector is not null) await _collector;
        _stopped.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _state) == 1) await StopAsync();
        else if (Volatile.Read(ref _state) == 0) await _server.DisposeAsync();
    }
}
