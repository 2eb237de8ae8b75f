using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Tests.Backbone;
using ContinualCluster.Learning.Unlearning.Deletion;
using ContinualCluster.Learning.Unlearning.S3T;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

/// <summary>
/// Stored S3T checkpoints: a record restores bit for bit with no training, a stage whose lineage holds a deleted sample
/// is never restored, exports after a deletion hold no deleted id, and corrupt or foreign records are refused whole.
/// </summary>
public sealed class S3TCheckpointTests
{
    private static readonly IReadOnlyList<Sample> Data = TinyBackbone.Task(3, 60, seed: 41, prefix: "ckp");
    private const string Owner = "stream/expert-0";

    private static ShardedUnlearningModel Fresh(S3TOptions? options = null)
    {
        var model = new ShardedUnlearningModel(new LoRAExpertTrainer(TinyBackbone.Instance), options ?? S3TModelFactory.Options());
        model.Ingest(Data);
        return model;
    }

    private static ShardCheckpointRecord RoundTrip(ShardCheckpointRecord record) => ShardCheckpointCodec.Decode(ShardCheckpointCodec.Encode(record));

    [Fact]
    public void A_restored_model_serves_bit_identical_checkpoints_without_training()
    {
        var trained = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var restored = Fresh();
        var results = Enumerable.Range(0, 3).Select(h => restored.RestoreShard(RoundTrip(trained.ExportShard(h, Owner)!), Owner, new HashSet<string>())).ToList();
        Assert.All(results, r => { Assert.Null(r.Refused); Assert.Equal(new[] { 3, 3, 3 }, r.Prefixes); Assert.Equal(0, r.Untrained); });
        Assert.Equal(0, restored.StagesTrained);
        for (int h = 0; h < 3; h++)
            for (int b = 0; b < 3; b++)
            {
                var (x, y) = (trained.Chain(h, b), restored.Chain(h, b));
                Assert.Equal(x.Count, y.Count);
                for (int j = 0; j < x.Count; j++)
                {
                    Assert.True(x[j].State.BitwiseEquals(y[j].State), $"shard {h} sequence {b} stage {j + 1} differs");
                    Assert.Equal(x[j].Lineage.SelectMany(l => l.Ids), y[j].Lineage.SelectMany(l => l.Ids));
                }
            }
        var pixels = Data.SelectMany(s => s.Pixels).ToArray();
        Assert.Equal(trained.PredictLogits(pixels, Data.Count), restored.PredictLogits(pixels, Data.Count));
        Assert.True(restored.CheckLineage().Clean);
    }

    [Fact]
    public void A_stage_whose_lineage_holds_a_deleted_sample_is_never_restored_and_exports_after_a_deletion_hold_no_deleted_id()
    {
        var trained = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var stored = RoundTrip(trained.ExportShard(1, Owner)!);
        // Deleted after the record was stored: slice order[0][1] is second in sequence 0, first in 1, last in 2.
        var victim = trained.Placements().First(p => p.Shard == 1 && p.Slice == trained.SequenceOrders[0][1]).SampleId;
        var deleted = new HashSet<string> { victim };

        var restored = new ShardedUnlearningModel(new LoRAExpertTrainer(TinyBackbone.Instance), S3TModelFactory.Options());
        restored.Ingest(Data.Where(s => s.Id != victim).ToList());   // the replay leaves deleted samples out
        var r = restored.RestoreShard(stored, Owner, deleted);
        Assert.Equal(new[] { 1, 0, 2 }, r.Prefixes);
        Assert.Equal(2 + 3 + 1, r.DroppedDeleted);
        Assert.Equal(0, r.Untrained);
        Assert.DoesNotContain(Enumerable.Range(0, 3).SelectMany(b => restored.Chain(1, b)).SelectMany(c => c.Lineage).SelectMany(l => l.Ids), id => id == victim);
        Assert.True(restored.CheckLineage().Clean);
        Assert.Equal(0, restored.StagesTrained);

        // The live model: after the deletion its export (what the store is rewritten with) holds no deleted id anywhere.
        trained.Delete(DeletionRequest.ForSamples("d", victim));
        var export = trained.ExportShard(1, Owner)!;
        Assert.Equal(new[] { 1, 0, 2 }, export.Sequences.Select(s => s.Stages.Count));
        Assert.DoesNotContain(export.Sequences.SelectMany(s => s.Stages).SelectMany(c => c.Lineage).Concat(export.Coverage).SelectMany(l => l.Ids), id => id == victim);
    }

    [Fact]
    public void Ids_the_stored_training_did_not_see_are_reported_untrained()
    {
        var trained = S3TModelFactory.Trained(S3TModelFactory.Options(), Data.Take(120).ToList());
        var restored = Fresh();
        int untrained = Enumerable.Range(0, 3).Sum(h => restored.RestoreShard(RoundTrip(trained.ExportShard(h, Owner)!), Owner, new HashSet<string>()).Untrained);
        Assert.Equal(Data.Count - 120, untrained);
        Assert.True(restored.Served.Configuration.LiveShards == 3);
    }

    [Fact]
    public void Corrupt_truncated_or_newer_records_are_invalid_data_never_a_half_built_model()
    {
        var trained = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var bytes = ShardCheckpointCodec.Encode(trained.ExportShard(0, Owner)!);
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x10;
        Assert.Contains("SHA-256", Assert.Throws<InvalidDataException>(() => ShardCheckpointCodec.Decode(flipped)).Message);
        Assert.Throws<InvalidDataException>(() => ShardCheckpointCodec.Decode(bytes.AsSpan(0, bytes.Length - 100).ToArray()));
        Assert.Throws<InvalidDataException>(() => ShardCheckpointCodec.Decode(new byte[10]));
        // A record of a newer format (hash recomputed, so only the version is wrong) names both versions.
        var record = trained.ExportShard(0, Owner)!;
        var newer = ShardCheckpointCodec.Encode(record);
        int at = System.Text.Encoding.UTF8.GetByteCount(ShardCheckpointCodec.Magic) + 1;
        newer[at] = 9;
        var body = newer.AsSpan(0, newer.Length - 32).ToArray();
        System.Security.Cryptography.SHA256.HashData(body).CopyTo(newer, newer.Length - 32);
        Assert.Contains("format version 9", Assert.Throws<InvalidDataException>(() => ShardCheckpointCodec.Decode(newer)).Message);
    }

    [Fact]
    public void Foreign_records_are_refused_whole_with_the_reason()
    {
        var trained = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var record = RoundTrip(trained.ExportShard(0, Owner)!);
        var model = Fresh();
        Assert.Contains("backbone", model.RestoreShard(record with { BackboneId = "mlp-other" }, Owner, new HashSet<string>()).Refused);
        Assert.Contains("written for", model.RestoreShard(record, "stream/expert-1", new HashSet<string>()).Refused);
        var other = S3TModelFactory.Options();
        other.Training.Epochs = 2;
        var r = Fresh(other).RestoreShard(record, Owner, new HashSet<string>());
        Assert.Contains("settings", r.Refused);
        Assert.False(r.Live);
        Assert.Equal(0, model.Served.Configuration.LiveShards);
        Assert.All(Enumerable.Range(0, 3), b => Assert.Empty(model.Chain(0, b)));
    }

    [Fact]
    public void Stage_deltas_keep_a_record_near_one_adapter_per_stage()
    {
        var trained = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var record = trained.ExportShard(0, Owner)!;
        long full = record.Sequences.SelectMany(s => s.Stages).Sum(c => c.State.ParameterCount) * 4;
        long delta = ShardCheckpointCodec.Encode(record).Length;
        Assert.True(delta < full, $"record {delta} bytes, states undeduplicated {full} bytes");
    }
}
