namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// What one shard of an S3T model keeps durably: the clean prefix of every sequence's stage checkpoints (adapters + head,
/// each with its lineage), the ids the shard's last training covered (deleted ids removed), and what the record is only
/// valid for — the backbone it was trained on and the model's settings — so a foreign record is refused, never half-loaded.
/// </summary>
/// <param name="BackboneId">The <see cref="Models.Backbone.BackboneIdentity"/> of the frozen backbone the states adapt.</param>
/// <param name="Identity">The model's settings (strategy, m, L, B, classes, seed, placement, training), see <see cref="ShardedUnlearningModel.CheckpointIdentity"/>.</param>
/// <param name="Owner">Who wrote it (stream and expert), so a record read under the wrong key is refused.</param>
/// <param name="Shard">The shard index (0..m−1).</param>
/// <param name="Generation">The shard's retraining generation when exported.</param>
/// <param name="Sequences">Per sequence, its slice order and its clean stage checkpoints 1..n.</param>
/// <param name="Coverage">Per slice, the live ids the last training of the shard saw: live samples outside it are untrained.</param>
public sealed record ShardCheckpointRecord(
    string BackboneId,
    string Identity,
    string Owner,
    int Shard,
    int Generation,
    IReadOnlyList<SequenceCheckpoints> Sequences,
    IReadOnlyList<SliceLineage> Coverage)
{
    /// <summary>The format this build writes and reads; a record of another version is refused with a message naming both.</summary>
    public const int FormatVersion = 1;

    /// <summary>Stage checkpoints held (all sequences).</summary>
    public int Stages => Sequences.Sum(s => s.Stages.Count);
}
