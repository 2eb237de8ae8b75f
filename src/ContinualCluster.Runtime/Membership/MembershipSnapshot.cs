using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Membership;

/// <summary>An immutable view of the membership table as one silo last read it.</summary>
public sealed class MembershipSnapshot
{
    public static readonly MembershipSnapshot Empty = new([]);

    private readonly Dictionary<(string, long), MembershipEntry> _byKey;

    public MembershipSnapshot(IReadOnlyList<MembershipEntry> rows)
    {
        Rows = rows;
        _byKey = rows.ToDictionary(r => (r.SiloId, r.Generation));
        Active = rows.Where(r => r.Status == SiloStatus.Active).OrderBy(r => r.SiloId, StringComparer.Ordinal).ToList();
        Hosts = Active.Where(r => !r.Labels.TryGetValue(MembershipAgent.HostsGrainsLabel, out var v) || v != "false").ToList();
    }

    public IReadOnlyList<MembershipEntry> Rows { get; }

    /// <summary>Active silos, ordered by id.</summary>
    public IReadOnlyList<MembershipEntry> Active { get; }

    /// <summary>Active silos that host grains (placement candidates).</summary>
    public IReadOnlyList<MembershipEntry> Hosts { get; }

    public MembershipEntry? Find(string siloId, long generation) => _byKey.TryGetValue((siloId, generation), out var e) ? e : null;

    /// <summary>Dead, or superseded by a newer generation of the same silo id.</summary>
    public bool IsKnownDead(string siloId, long generation)
    {
        var row = Find(siloId, generation);
        if (row is not null) return row.Status == SiloStatus.Dead;
        return Rows.Any(r => r.SiloId == siloId && r.Generation > generation);
    }
}
