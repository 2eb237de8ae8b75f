using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>The state after one training stage of one sequence, with the slices (hence sample ids) it was trained on.</summary>
/// <remarks>Lineage: The slices and ids used at this stage (π(1..Stage)); earlier stages' lineage is in their own checkpoints.</remarks>
public sealed record StageCheckpoint(
    int Shard,
    int Sequence,
    int Stage,
    int Generation,
    ExpertState State,
    IReadOnlyList<SliceLineage> Lineage)
{
    /// <summary>True when any id of this stage's lineage is in <paramref name="deleted"/>.</summary>
    public bool Touches(IReadOnlySet<string> deleted)
    {
        foreach (var slice in Lineage)
            foreach (var id in slice.Ids)
                if (deleted.Contains(id)) return true;
        return false;
    }
}
