using System.Collections.Concurrent;
using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Membership;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Placement;

/// <summary>Chooses the silo for a new activation by the grain class's policy: hash, prefer-local or resource-aware.</summary>
public sealed class PlacementDirector
{
    private readonly ConcurrentDictionary<string, SiloLoad> _loads = new(StringComparer.Ordinal);
    private readonly string _localSiloId;
    private (MembershipSnapshot View, ConsistentHashRing Ring) _ring = (MembershipSnapshot.Empty, new ConsistentHashRing([]));

    public PlacementDirector(string localSiloId) => _localSiloId = localSiloId;

    /// <summary>Records a silo's reported load (the local silo reports itself).</summary>
    public void ReportLoad(string siloId, SiloLoad load) => _loads[siloId] = load;

    public SiloLoad? LoadOf(string siloId) => _loads.TryGetValue(siloId, out var l) ? l : null;

    public MembershipEntry Choose(GrainId grain, GrainClassInfo? info, MembershipSnapshot view)
    {
        var hosts = view.Hosts;
        if (hosts.Count == 0) throw new SiloUnavailableException($"No live silo hosts grains; cannot place {grain}.", mayHaveRun: false);
        switch (info?.Placement)
        {
            case PreferLocalPlacementAttribute:
                return hosts.FirstOrDefault(h => h.SiloId == _localSiloId) ?? Ring(view).Owner(grain);
            case ResourceAwarePlacementAttribute ra:
                return ChooseByResources(grain, ra, hosts);
            default:
                return Ring(view).Owner(grain);
        }
    }

    private MembershipEntry ChooseByResources(GrainId grain, ResourceAwarePlacementAttribute ra, IReadOnlyList<MembershipEntry> hosts)
    {
        var matching = hosts.Where(h => LabelFilterParser.Matches(h.Labels, ra.Conditions)).ToList();
        if (matching.Count == 0)
        {
            if (ra.Required)
                throw new SiloUnavailableException($"No live silo matches labels '{ra.LabelFilter}' required to place {grain}.", mayHaveRun: false);
            matching = hosts.ToList();
        }
        var best = matching
            .OrderBy(h => LoadOf(h.SiloId)?.Activations ?? 0)
            .ThenByDescending(h => LoadOf(h.SiloId)?.FreeMemoryBytes ?? long.MaxValue)
            .ThenBy(h => StableHash.Of(h.SiloId, grain.Key))
            .First();
        var load = LoadOf(best.SiloId) ?? new SiloLoad(0, long.MaxValue);
        _loads[best.SiloId] = load with { Activations = load.Activations + 1 };
        return best;
    }

    private ConsistentHashRing Ring(MembershipSnapshot view)
    {
        var current = _ring;
        if (ReferenceEquals(current.View, view)) return current.Ring;
        var ring = new ConsistentHashRing(view.Hosts);
        _ring = (view, ring);
        return ring;
    }
}
