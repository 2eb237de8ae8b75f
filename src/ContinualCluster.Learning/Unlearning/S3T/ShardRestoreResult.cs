namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// What restoring one shard from its stored record did: the prefix each sequence now serves, how many stored stages were
/// dropped (and why), how many live samples no restored training saw, or why the whole record was refused.
/// </summary>
/// <param name="Shard">The shard index.</param>
/// <param name="Refused">Null when the record was used; else why it was not (foreign backbone, other settings, wrong shard…).</param>
/// <param name="Prefixes">Per sequence, the restored clean prefix length (0: the sequence is dead).</param>
/// <param name="StoredStages">Stage checkpoints the record held.</param>
/// <param name="DroppedDeleted">Stored stages dropped because their lineage holds a deleted sample.</param>
/// <param name="DroppedForeign">Stored stages dropped because their lineage holds ids this shard does not hold live (e.g. replay placed them elsewhere).</param>
/// <param name="Untrained">Live samples of the shard that the stored training did not cover.</param>
public sealed record ShardRestoreResult(
    int Shard,
    string? Refused,
    IReadOnlyList<int> Prefixes,
    int StoredStages,
    int DroppedDeleted,
    int DroppedForeign,
    int Untrained)
{
    /// <summary>True when at least one sequence serves a restored prefix.</summary>
    public bool Live => Refused is null && Prefixes.Any(p => p > 0);

    /// <summary>A record that could not be used at all.</summary>
    public static ShardRestoreResult Refuse(int shard, string reason, int untrained) =>
        new(shard, reason, Array.Empty<int>(), 0, 0, 0, untrained);
}
