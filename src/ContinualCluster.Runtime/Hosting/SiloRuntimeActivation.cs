using ContinualCluster.Runtime.Activations;
using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Placement;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime;

/// <summary>Resolution and activation: the directory cache, placement, insert-if-absent registration and takeover.</summary>
internal sealed partial class SiloRuntime
{
    /// <summary>
    /// Where a call for <paramref name="id"/> should go: the cached directory owner while it is not known dead, else
    /// the silo placement chooses. There is no directory read here: the chosen silo's insert-if-absent either makes it
    /// the owner or answers "not here" with the real owner, which is then cached (one store round trip either way).
    /// </summary>
    private ValueTask<(string SiloId, long Generation, string Endpoint)> ResolveAsync(GrainId id, CancellationToken ct)
    {
        if (_activations.ContainsKey(id)) return new((SiloId, Generation, Endpoint));
        var view = Membership.View;
        if (_directoryCache.TryGetValue(id, out var cached))
        {
            if (!view.IsKnownDead(cached.SiloId, cached.Generation)) return new((cached.SiloId, cached.Generation, cached.Endpoint));
            _directoryCache.TryRemove(id, out _);
        }
        GrainClassRegistry.TryGet(id.Type, out var info);
        var chosen = Placement.Choose(id, info, view);
        return new((chosen.SiloId, chosen.Generation, chosen.Endpoint));
    }

    /// <summary>The local activation of a grain, creating it if the directory lets this silo own it; otherwise NotHere.</summary>
    public async Task<Activation> GetOrActivateAsync(GrainId id)
    {
        while (true)
        {
            if (_activations.TryGetValue(id, out var existing))
            {
                if (existing.State == ActivationState.Valid) return existing;
                if (existing.State == ActivationState.Creating) return await existing.Ready;
                await existing.Deactivated;
                continue;
            }
            if (!GrainClassRegistry.TryGet(id.Type, out var info))
                throw new UnknownGrainTypeException($"No grain class implements '{id.Type}' on silo {SiloId}.");
            if (!Options.HostsGrains) throw new NotHereException(null);
            if (!IsServing) throw Unavailable();
            var fresh = new Activation(id, info, this);
            if (!_activations.TryAdd(id, fresh)) continue;
            await ActivateAsync(fresh);
            return await fresh.Ready;
        }
    }

    private async Task ActivateAsync(Activation activation)
    {
        var id = activation.Id;
        bool registered = false;
        // The state read does not depend on the directory claim: run both store calls at once. A read made before the
        // claim is as safe as one made after it (writes are fenced by the ETag either way); if the claim fails it is dropped.
        var prefetch = activation.Info.HasState ? StateStore.ReadAsync(id) : null;
        try
        {
            var mine = new DirectoryEntry(id, SiloId, Generation, Endpoint);
            var entry = await DirectoryStore.RegisterIfAbsentAsync(mine);
            if (!IsMine(entry) && await IsDeadAsync(entry))
            {
                entry = await DirectoryStore.TakeOverAsync(mine, entry.SiloId, entry.Generation);
                if (IsMine(entry)) Logger.LogInformation("{Silo} took over {Grain} from dead silo {Dead}", SiloId, id, entry.SiloId);
            }
            if (!IsMine(entry))
            {
                _directoryCache[id] = entry;
                throw new NotHereException(entry);
            }
            registered = true;
            if (!IsServing) throw Unavailable();
            var grain = (Grain)activation.Info.Factory(Services, null);
            grain.StatePrefetch = prefetch;
            prefetch = null;
            await activation.RunActivationAsync(grain);
            CollectMemoryIfOverBudget();
        }
        catch (Exception e)
        {
            _activations.TryRemove(new KeyValuePair<GrainId, Activation>(id, activation));
            if (registered)
            {
                try { await DirectoryStore.UnregisterAsync(id, SiloId, Generation); }
                catch (Exception u) { Logger.LogWarning("Could not unregister failed activation {Grain}: {Error}", id, u.Message); }
            }
            activation.Fail(e);
            prefetch?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private bool IsMine(DirectoryEntry e) => e.SiloId == SiloId && e.Generation == Generation;

    /// <summary>Whether the directory owner is dead: by the current view, else by a fresh read of membership.</summary>
    private async Task<bool> IsDeadAsync(DirectoryEntry owner)
    {
        if (Membership.View.IsKnownDead(owner.SiloId, owner.Generation)) return true;
        var rows = await MembershipStore.ReadAllAsync();
        var row = rows.FirstOrDefault(r => r.SiloId == owner.SiloId && r.Generation == owner.Generation);
        return row is null || row.Status == SiloStatus.Dead;
    }

    /// <summary>Called by an activation after OnDeactivateAsync: drop the directory entry, then the local table entry.</summary>
    public async Task OnDeactivatedAsync(Activation activation)
    {
        try
        {
            if (IsServing) await DirectoryStore.UnregisterAsync(activation.Id, SiloId, Generation);
        }
        finally
        {
            _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.Id, activation));
        }
    }

    /// <summary>Runs a call that arrived from another silo.</summary>
    public void DispatchIncoming(GrainId id, GrainRequest request)
    {
        if (_activations.TryGetValue(id, out var a) && IsServing && a.TryInvoke(request, allowInline: false, null, out _, out _)) return;
        _ = DispatchIncomingSlowAsync(id, request);
    }

    private async Task DispatchIncomingSlowAsync(GrainId id, GrainRequest request)
    {
        try
        {
            for (int attempt = 0; attempt < Options.MaxCallAttempts; attempt++)
            {
                if (!IsServing) throw Unavailable();
                var activation = await GetOrActivateAsync(id);
                if (activation.TryInvoke(request, allowInline: false, null, out _, out _)) return;
                await activation.Deactivated;
            }
            throw new SiloUnavailableException($"{id} kept deactivating on silo {SiloId}; try again.", mayHaveRun: false);
        }
        catch (Exception e)
        {
            request.Sink!.Fail(request, e);
        }
    }

    public SiloLoad LocalLoad()
    {
        long used = 0;
        foreach (var a in _activations.Values) used += a.Grain?.EstimatedMemoryBytes ?? 0;
        long budget = Options.MemoryBudgetBytes > 0 ? Options.MemoryBudgetBytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new SiloLoad(_activations.Count, Math.Max(0, budget - used));
    }
}
