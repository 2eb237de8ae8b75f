using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Placement;

/// <summary>A consistent-hash ring over silos with virtual nodes: adding or removing a silo moves only its share of grains.</summary>
internal sealed class ConsistentHashRing
{
    private const int VirtualNodes = 64;
    private readonly ulong[] _points;
    private readonly MembershipEntry[] _owners;

    public ConsistentHashRing(IReadOnlyList<MembershipEntry> silos)
    {
        var points = new List<(ulong, MembershipEntry)>(silos.Count * VirtualNodes);
        foreach (var s in silos)
            for (int v = 0; v < VirtualNodes; v++) points.Add((StableHash.Of(s.SiloId, v.ToString(System.Globalization.CultureInfo.InvariantCulture)), s));
        points.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        _points = points.Select(p => p.Item1).ToArray();
        _owners = points.Select(p => p.Item2).ToArray();
    }

    public bool IsEmpty => _points.Length == 0;

    public MembershipEntry Owner(GrainId grain)
    {
        ulong h = StableHash.Of(grain.Type, grain.Key);
        int i = Array.BinarySearch(_points, h);
        if (i < 0) i = ~i;
        return _owners[i == _points.Length ? 0 : i];
    }
}
