namespace ContinualCluster.Learning.Unlearning.Placement;

/// <summary>Recomputes recorded placements from their persisted function and reports every record that disagrees.</summary>
public static class PlacementAudit
{
    /// <summary>Returns the recorded placements whose (shard, slice) differs from what <paramref name="function"/> computes.</summary>
    public static IReadOnlyList<SamplePlacement> Mismatches(PlacementFunction function, IEnumerable<SamplePlacement> recorded)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(recorded);
        function.Validate();
        var bad = new List<SamplePlacement>();
        foreach (var p in recorded)
        {
            var (shard, slice) = function.Locate(p.SampleId);
            if (shard != p.Shard || slice != p.Slice) bad.Add(p);
        }
        return bad;
    }
}
