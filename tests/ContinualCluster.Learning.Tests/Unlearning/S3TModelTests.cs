using ContinualCluster.Learning.Tests.Backbone;
using ContinualCluster.Learning.Unlearning.Deletion;
using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.Placement;
using ContinualCluster.Learning.Unlearning.S3T;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class S3TModelTests
{
    private static readonly IReadOnlyList<ContinualCluster.Learning.Datasets.Sample> Data = TinyBackbone.Task(3, 80, seed: 31);

    [Fact]
    public void Training_serves_every_full_sequence_with_lineage_equal_to_its_slices()
    {
        var model = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var served = model.Served;
        Assert.All(served.Configuration.Shards, s => Assert.Equal(3, s.Prefix));
        Assert.Equal(3, served.Configuration.LiveShards);
        Assert.Empty(PlacementAudit.Mismatches(model.Placement, model.Placements()));
        // Stage j of a sequence saw exactly the samples placed in slices π(1..j) of its shard.
        for (int h = 0; h < 3; h++)
            for (int b = 0; b < 3; b++)
            {
                var chain = model.Chain(h, b);
                Assert.Equal(3, chain.Count);
                for (int j = 1; j <= 3; j++)
                {
                    var expected = model.Placements().Where(p => p.Shard == h && model.SequenceOrders[b].Take(j).Contains(p.Slice)).Select(p => p.SampleId).OrderBy(x => x, StringComparer.Ordinal);
                    Assert.Equal(expected, chain[j - 1].Lineage.SelectMany(s => s.Ids).OrderBy(x => x, StringComparer.Ordinal));
                }
            }
        var pixels = Data.SelectMany(s => s.Pixels).ToArray();
        double acc = Accuracy.Of(model.PredictLogits(pixels, Data.Count), Data.Select(s => s.Label).ToArray(), 3);
        Assert.True(acc > 0.8, $"served accuracy {acc}");
        Assert.True(model.CheckLineage().Clean);
    }

    [Fact]
    public void S3T_deletion_truncates_with_no_training_and_serves_the_longest_clean_prefix()
    {
        var model = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var cost = model.InitialCost;
        var victim = model.Placements().First(p => p.Shard == 1 && p.Slice == model.SequenceOrders[0][1]);
        var before = model.Served.Configuration;
        var r = model.Delete(DeletionRequest.ForSamples("r1", victim.SampleId));
        Assert.Equal(0, r.RetrainedStages);
        Assert.Equal(DeletionStatus.Deleted, Assert.Single(r.Outcomes).Status);
        Assert.True(r.Served.Version > before.Version);
        // Slice 1 is second in sequence 0 (prefix 1 left), first in sequence 1 (dead), last in sequence 2 (prefix 2).
        var shard1 = r.Served.Shards[1];
        Assert.Equal((2, 2), (shard1.Sequence, shard1.Prefix));
        Assert.Equal(before.Shards[0], r.Served.Shards[0]);
        Assert.True(model.CheckLineage().Clean);
        Assert.Equal(RetrainingCost.Zero, model.BackgroundCost);
        Assert.Equal(Data.Count - 1, model.LiveSamples);
        Assert.Equal(cost, model.InitialCost);
    }

    [Fact]
    public void Bad_input_changes_nothing_and_repeats_report_the_earlier_result()
    {
        var model = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        var v0 = model.Served.Configuration.Version;
        Assert.Throws<ArgumentException>(() => model.Delete(new DeletionRequest("bad", new[] { Data[0].Id }, "owner-0001")));
        Assert.Throws<ArgumentException>(() => model.Delete(new DeletionRequest("bad", Array.Empty<string>())));
        Assert.Throws<ArgumentException>(() => model.Delete(new DeletionRequest("bad", new[] { Data[0].Id, " " })));
        Assert.Throws<ArgumentException>(() => model.Delete(new DeletionRequest("", new[] { Data[0].Id })));
        Assert.Throws<ArgumentException>(() => model.Delete(new DeletionRequest("bad")));
        Assert.Equal(v0, model.Served.Configuration.Version);
        Assert.Equal(Data.Count, model.LiveSamples);

        var r = model.Delete(DeletionRequest.ForSamples("r1", "no-such-id", Data[0].Id));
        Assert.Equal(DeletionStatus.NotFound, r.Outcomes[0].Status);
        Assert.Equal(DeletionStatus.Deleted, r.Outcomes[1].Status);
        var again = model.Delete(DeletionRequest.ForSamples("r1", "no-such-id", Data[0].Id));
        Assert.True(again.Repeated);
        Assert.Equal(r.Outcomes, again.Outcomes);
        Assert.Equal(r.Served, again.Served);
        var other = model.Delete(DeletionRequest.ForSamples("r2", Data[0].Id));
        Assert.Equal(DeletionStatus.AlreadyDeleted, Assert.Single(other.Outcomes).Status);
        Assert.Equal(r.Served.Version, other.Served.Version);
        var owner = model.Delete(DeletionRequest.ForOwner("r3", "owner-that-never-was"));
        Assert.Equal(DeletionStatus.NotFound, Assert.Single(owner.Outcomes).Status);
        Assert.Equal(Data.Count - 1, model.LiveSamples);
    }

    [Fact]
    public void Owner_deletion_removes_every_sample_of_the_owner()
    {
        var model = S3TModelFactory.Trained(S3TModelFactory.Options(), Data);
        string ownerId = Data[5].OwnerId;
        int n = Data.Count(s => s.OwnerId == ownerId);
        var r = model.Delete(DeletionRequest.ForOwner("o1", ownerId));
        Assert.Equal(n, r.DeletedCount);
        Assert.Equal(Data.Count - n, model.LiveSamples);
        Assert.True(model.CheckLineage().Clean);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new S3TOptions { Shards = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new S3TOptions { Strategy = UnlearningStrategy.Sisa, Sequences = 2 }.Validate());
        Assert.Throws<ArgumentException>(() => new S3TOptions { SliceDeletionProbabilities = new[] { 0.1 } }.Validate());
        var tooManySlices = S3TModelFactory.Options(l: 5);
        Assert.Throws<ArgumentException>(() => new ShardedUnlearningModel(new Models.Backbone.LoRAExpertTrainer(TinyBackbone.Instance), tooManySlices));
        var model = new ShardedUnlearningModel(new Models.Backbone.LoRAExpertTrainer(TinyBackbone.Instance), S3TModelFactory.Options());
        Assert.Throws<ArgumentException>(() => model.Ingest(new[] { Data[0] with { Label = 7 } }));
        Assert.Throws<InvalidOperationException>(() => model.PredictLogits(Data[0].Pixels, 1));
    }
}
