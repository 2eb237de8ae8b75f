using ContinualCluster.Runtime.Activations;
using ContinualCluster.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime;

/// <summary>Idle collection, LRU eviction under the memory budget, and the silo's stop paths (graceful, crash).</summary>
internal sealed partial class SiloRuntime
{
    /// <summary>Deactivates activations idle longer than their collection age. Returns how many it asked to go.</summary>
    public int CollectIdle()
    {
        long now = Environment.TickCount64;
        int n = 0;
        foreach (var a in _activations.Values)
        {
            var limit = a.Info.CollectionAgeLimit ?? Options.IdleCollectionAge;
            if (a.State == ActivationState.Valid && now - Volatile.Read(ref a.LastUsedTicks) >= (long)limit.TotalMilliseconds && a.IsIdle
                && a.RequestDeactivation(DeactivationReason.IdleCollection)) n++;
        }
        return n;
    }

    /// <summary>While estimated memory exceeds the budget, deactivates idle activations least recently used first.</summary>
    public int CollectMemoryIfOverBudget()
    {
        if (Options.MemoryBudgetBytes <= 0) return 0;
        var live = _activations.Values.Where(a => a.State == ActivationState.Valid && a.Grain is not null).ToList();
        long used = live.Sum(a => a.Grain!.EstimatedMemoryBytes);
        int n = 0;
        foreach (var a in live.OrderBy(a => Volatile.Read(ref a.LastUsedTicks)))
        {
            if (used <= Options.MemoryBudgetBytes) break;
            long size = a.Grain!.EstimatedMemoryBytes;
            if (size <= 0 || !a.IsIdle || !a.RequestDeactivation(DeactivationReason.MemoryPressure)) continue;
            used -= size;
            n++;
            Logger.LogInformation("Evicting {Grain} ({Bytes} bytes) from {Silo}: memory budget exceeded", a.Id, size, SiloId);
        }
        return n;
    }

    /// <summary>Deactivates every activation gracefully (OnDeactivateAsync, then unregister) and waits for them.</summary>
    public async Task DeactivateAllAsync(CancellationToken ct)
    {
        var all = _activations.Values.ToList();
        foreach (var a in all) a.RequestDeactivation(DeactivationReason.SiloShutdown);
        await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(ct);
    }

    /// <summary>Stops serving at once: every activation is dropped without running grain code.</summary>
    public void StopServing(string reason)
    {
        _stopped = true;
        var error = new SiloUnavailableException($"Silo {SiloId} stopped: {reason}", mayHaveRun: false);
        foreach (var a in _activations.Values) a.Drop(error);
        _activations.Clear();
        _directoryCache.Clear();
    }

    /// <summary>Forgets cached directory entries and connections that point at silos now dead, and removes their entries.</summary>
    public void OnSilosDied(IReadOnlyList<MembershipEntry> dead)
    {
        foreach (var d in dead)
        {
            RemoteFor(d.SiloId, d.Generation, d.Endpoint).MarkDead();   // kept (one small object per dead generation) so it stays dead
            foreach (var (id, e) in _directoryCache)
                if (e.SiloId == d.SiloId && e.Generation == d.Generation) _directoryCache.TryRemove(id, out _);
            _ = RemoveDirectoryEntriesAsync(d);
        }
    }

    private async Task RemoveDirectoryEntriesAsync(MembershipEntry dead)
    {
        try
        {
            int n = await DirectoryStore.RemoveSiloAsync(dead.SiloId, dead.Generation);
            if (n > 0) Logger.LogInformation("Removed {Count} directory entries of dead silo {Silo}", n, dead.SiloId);
        }
        catch (Exception e) { Logger.LogDebug("Directory cleanup for {Silo} failed: {Error}", dead.SiloId, e.Message); }
    }
}
