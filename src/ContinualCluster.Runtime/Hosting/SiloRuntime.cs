using System.Collections.Concurrent;
using ContinualCluster.Runtime.Activations;
using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Membership;
using ContinualCluster.Runtime.Placement;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime;

/// <summary>
/// The heart of a silo: routes every grain call (local activation, or a remote silo over the transport), creates
/// activations under the directory's single-activation rule, and deactivates them.
/// </summary>
internal sealed partial class SiloRuntime : IGrainCallRuntime, IGrainFactory
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly ConcurrentDictionary<GrainId, DirectoryEntry> _directoryCache = new();
    private readonly ConcurrentDictionary<(string SiloId, long Generation), RemoteSilo> _remoteSilos = new();
    private volatile bool _stopped;

    public SiloRuntime(SiloOptions options, IServiceProvider services, IGrainStateStore state, IGrainDirectoryStore directory,
        IMembershipStore membership, ILogger logger)
    {
        Options = options;
        Services = services;
        StateStore = state;
        DirectoryStore = directory;
        MembershipStore = membership;
        Logger = logger;
        Placement = new PlacementDirector(options.SiloId);
        Connections = new ConnectionPool(options.SiloId, options.ClusterSecret, options.MaxMessageBytes, options.ResponseTimeout, options.ConnectTimeout, logger);
    }

    public SiloOptions Options { get; }
    public IServiceProvider Services { get; }
    public IGrainStateStore StateStore { get; }
    public IGrainDirectoryStore DirectoryStore { get; }
    public IMembershipStore MembershipStore { get; }
    public ILogger Logger { get; }
    public PlacementDirector Placement { get; }
    public ConnectionPool Connections { get; }
    public MembershipAgent Membership { get; private set; } = null!;
    public string SiloId => Options.SiloId;
    public long Generation => Membership.Generation;
    public string Endpoint => Membership.Endpoint;
    public IGrainFactory Factory => this;
    public int ActivationCount => _activations.Count;
    public IEnumerable<Activation> Activations => _activations.Values;

    public bool IsServing => !_stopped && Membership.IsServing;

    public void Attach(MembershipAgent membership) => Membership = membership;

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var invoker = GrainInterfaceRegistry.Get(typeof(TGrain));
        return (TGrain)(object)invoker.CreateReference(new GrainId(invoker.GrainType, key), this);
    }

    public Task<T> InvokeAsync<T>(GrainReference target, GrainRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled) request.CancellationToken = cancellationToken;
        if (target.CachedTarget is Activation a && IsServing
            && a.TryInvoke(request, allowInline: true, LocalCallSink<T>.Factory, out var inline, out var sink))
        {
            if (inline is null) return ((LocalCallSink<T>)sink!).Task;
            if (inline.IsCompleted) return typeof(T) == typeof(VoidResult) ? (Task<T>)(object)AsVoid(inline) : inline as Task<T> ?? Detach<T>(inline);
            return Detach<T>(inline);
        }
        if (RemoteTarget(target) is { } remote)
            return remote.Connection(Connections).CallAsync<T>(this, target, request, remote.SiloId, cancellationToken);
        return SlowInvokeAsync<T>(target, request, cancellationToken);
    }

    public Task InvokeVoidAsync(GrainReference target, GrainRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled) request.CancellationToken = cancellationToken;
        if (target.CachedTarget is Activation a && IsServing
            && a.TryInvoke(request, allowInline: true, LocalCallSink<VoidResult>.Factory, out var inline, out var sink))
        {
            if (inline is null) return ((LocalCallSink<VoidResult>)sink!).Task;
            return inline.IsCompleted ? inline : Detach<VoidResult>(inline);
        }
        if (RemoteTarget(target) is { } remote)
            return remote.Connection(Connections).CallAsync<VoidResult>(this, target, request, remote.SiloId, cancellationToken);
        return SlowInvokeAsync<VoidResult>(target, request, cancellationToken);
    }

    /// <summary>
    /// The live remote silo a call can go straight to: the one cached in the reference, or the directory cache's
    /// owner when it is another silo not known dead. Null sends the call through resolution.
    /// </summary>
    private RemoteSilo? RemoteTarget(GrainReference target)
    {
        if (!IsServing) return null;
        if (target.CachedTarget is RemoteSilo cached)
        {
            if (!cached.IsDead) return cached;
            target.CachedTarget = null;
        }
        if (target.CachedTarget is not null || !_directoryCache.TryGetValue(target.GrainId, out var entry)) return null;
        if (entry.SiloId == SiloId || Membership.View.IsKnownDead(entry.SiloId, entry.Generation)) return null;
        var remote = RemoteFor(entry.SiloId, entry.Generation, entry.Endpoint);
        if (remote.IsDead) return null;
        target.CachedTarget = remote;
        return remote;
    }

    private RemoteSilo RemoteFor(string siloId, long generation, string endpoint) =>
        _remoteSilos.GetOrAdd((siloId, generation), static (k, e) => new RemoteSilo(k.SiloId, k.Generation, e), endpoint);

    /// <summary>Drops the cached owner of <paramref name="id"/> if it is <paramref name="siloId"/> (it did not take the call).</summary>
    internal void ForgetOwner(GrainId id, string siloId)
    {
        if (_directoryCache.TryGetValue(id, out var e) && e.SiloId == siloId) _directoryCache.TryRemove(new KeyValuePair<GrainId, DirectoryEntry>(id, e));
    }

    /// <summary>Runs a call again through resolution after a cached owner turned it away.</summary>
    internal Task<T> RerouteAsync<T>(GrainReference target, GrainRequest request, CancellationToken ct) => SlowInvokeAsync<T>(target, request, ct);

    private static Task<VoidResult> AsVoid(Task t) => t.IsCompletedSuccessfully ? VoidResult.Completed : Detach<VoidResult>(t);

    /// <summary>
    /// Hands a grain task that finished (or will) to the caller without running the caller's code inside the
    /// activation; also turns the plain faulted Task of a grain method that threw synchronously into a Task&lt;T&gt;.
    /// </summary>
    private static Task<T> Detach<T>(Task inline)
    {
        var sink = new LocalCallSink<T>();
        inline.ContinueWith(static (t, s) => ((LocalCallSink<T>)s!).Complete(null!, t), sink,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return sink.Task;
    }

    private async Task<T> SlowInvokeAsync<T>(GrainReference target, GrainRequest request, CancellationToken ct)
    {
        var id = target.GrainId;
        if (target.CachedTarget is Activation { State: not ActivationState.Valid }) target.CachedTarget = null;
        Exception? last = null;
        for (int attempt = 0; attempt < Options.MaxCallAttempts; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            if (!IsServing) throw Unavailable();
            if (attempt > 0 && last is SiloUnavailableException or NotHereException { Entry: null })
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt * attempt), ct);
            try
            {
                var silo = await ResolveAsync(id, ct);
                if (silo.SiloId == SiloId && silo.Generation == Generation)
                {
                    var activation = await GetOrActivateAsync(id);
                    target.CachedTarget = activation;
                    if (activation.TryInvoke(request, allowInline: true, LocalCallSink<T>.Factory, out var inline, out var sink))
                    {
                        if (inline is null) return await ((LocalCallSink<T>)sink!).Task;
                        await inline;   // a grain that threw before returning its task left a plain faulted Task: this rethrows it
                        return typeof(T) == typeof(VoidResult) ? default! : ((Task<T>)inline).Result;
                    }
                    target.CachedTarget = null;
                    await activation.Deactivated;
                    continue;
                }
                var response = await Connections.Get(silo.Endpoint).CallAsync(id, request, Options.ResponseTimeout, ct);
                switch (response.Status)
                {
                    case ResponseStatus.Ok:
                        RememberOwner(target, silo.SiloId, silo.Generation, silo.Endpoint);
                        return DecodeResult<T>(response.Payload);
                    case ResponseStatus.NotHere:
                        last = ReadNotHere(id, response.Payload);
                        continue;
                    case ResponseStatus.Unavailable:
                        last = ReadUnavailable(response.Payload, silo.SiloId);
                        _directoryCache.TryRemove(id, out _);
                        if (((SiloUnavailableException)last).MayHaveRun) throw last;
                        continue;
                    default:
                        throw ReadError(response.Payload, silo.SiloId);
                }
            }
            catch (NotHereException e) { last = e; if (e.Entry is { } en) _directoryCache[id] = en; else _directoryCache.TryRemove(id, out _); }
            catch (SiloUnavailableException e) when (!e.MayHaveRun) { last = e; _directoryCache.TryRemove(id, out _); }
        }
        throw last as SiloUnavailableException ?? new SiloUnavailableException(
            $"Could not reach the activation of {id} after {Options.MaxCallAttempts} attempts: {last?.Message}", mayHaveRun: false, last);
    }

    /// <summary>A remote silo answered a call for the grain: later calls go straight to it.</summary>
    private void RememberOwner(GrainReference target, string siloId, long generation, string endpoint)
    {
        var remote = RemoteFor(siloId, generation, endpoint);
        if (remote.IsDead) return;
        target.CachedTarget = remote;
        if (!_directoryCache.TryGetValue(target.GrainId, out var e) || e.SiloId != siloId || e.Generation != generation)
            _directoryCache[target.GrainId] = new DirectoryEntry(target.GrainId, siloId, generation, endpoint);
    }

    private SiloUnavailableException Unavailable() => new(
        Membership.IsDeclaredDead ? $"Silo {SiloId} was declared dead and no longer serves." :
        _stopped ? $"Silo {SiloId} is stopped." : $"Silo {SiloId} could not renew its membership lease and stopped serving (is the store reachable?).",
        mayHaveRun: false);
}
