using ContinualCluster.Learning.Tests.Backbone;
using ContinualCluster.Learning.Unlearning.Deletion;
using ContinualCluster.Learning.Unlearning.S3T;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class ExactnessTests
{
    private static readonly IReadOnlyList<ContinualCluster.Learning.Datasets.Sample> Data = TinyBackbone.Task(3, 60, seed: 41, owners: 15);

    [Fact]
    public async Task Property_no_served_lineage_ever_contains_a_deleted_id()
    {
        var rng = new Random(99);
        var model = S3TModelFactory.Trained(S3TModelFactory.Options(background: true), Data);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        for (int step = 0; step < 40; step++)
        {
            int kind = rng.Next(10);
            DeletionResult r;
            if (kind < 6)
            {
                var ids = Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => rng.Next(8) == 0 ? "ghost-" + step : Data[rng.Next(Data.Count)].Id).ToArray();
                r = model.Delete(DeletionRequest.ForSamples("s" + step, ids));
            }
            else if (kind < 8) r = model.Delete(DeletionRequest.ForOwner("s" + step, "owner-" + rng.Next(18).ToString("D4")));
            else { await model.RetrainPendingAsync(); continue; }
            foreach (var o in r.Outcomes.Where(o => o.Status == DeletionStatus.Deleted)) Assert.True(deleted.Add(o.Subject));
            // The configuration returned with the acknowledgement already excludes every deleted id.
            var check = model.CheckLineage();
            Assert.True(check.Clean, string.Join("; ", check.Violations.Take(3)));
            Assert.Equal(deleted.Count, check.DeletedIds);
            Assert.Equal(Data.Count - deleted.Count, model.LiveSamples);
        }
        await model.RetrainPendingAsync();
        Assert.True(model.CheckLineage().Clean);
        Assert.True(model.BackgroundCost.Stages > 0, "some shard should have died and been retrained");
        Assert.True(model.Served.Configuration.LiveShards > 0);
    }

    [Fact]
    public async Task Retraining_a_dead_shard_is_bitwise_equal_to_a_fresh_run_on_the_remaining_data()
    {
        var options = S3TModelFactory.Options();
        var model = S3TModelFactory.Trained(options, Data);
        // Kill shard 0: delete one sample from every slice (each slice leads one of the B = L sequences).
        var victims = model.Placements().Where(p => p.Shard == 0).GroupBy(p => p.Slice).Select(g => g.First().SampleId).ToArray();
        var r = model.Delete(DeletionRequest.ForSamples("kill", victims));
        Assert.False(r.Served.Shards[0].IsLive);
        Assert.Equal(0, r.RetrainedStages);
        await model.RetrainPendingAsync();
        Assert.True(model.Served.Configuration.Shards[0].IsLive);
        Assert.Equal(1, model.Served.Configuration.Shards[0].Generation);

        var remaining = Data.Where(s => !victims.Contains(s.Id)).ToList();
        var fresh = S3TModelFactory.Trained(S3TModelFactory.Options(), remaining);
        for (int h = 0; h < options.Shards; h++)
            for (int b = 0; b < options.Sequences; b++)
            {
                var mine = model.Chain(h, b);
                var theirs = fresh.Chain(h, b);
                Assert.Equal(theirs.Count, mine.Count);
                for (int j = 0; j < mine.Count; j++)
                    Assert.True(mine[j].State.BitwiseEquals(theirs[j].State), $"shard {h} sequence {b} stage {j + 1} differs");
            }
    }

    [Fact]
    public void Sisa_and_full_retraining_retrain_on_the_request_path_and_match_a_fresh_run()
    {
        foreach (var strategy in new[] { UnlearningStrategy.Sisa, UnlearningStrategy.FullRetrain })
        {
            var options = S3TModelFactory.Options(strategy);
            var model = S3TModelFactory.Trained(options, Data);
            var victim = model.Placements().First(p => p.Slice == options.Slices - 1).SampleId;
            var r = model.Delete(DeletionRequest.ForSamples("d", victim));
            Assert.True(r.RetrainedStages >= 1);
            Assert.All(r.Served.Shards, s => Assert.Equal(options.Slices, s.Prefix));
            Assert.True(model.CheckLineage().Clean);
            var fresh = S3TModelFactory.Trained(S3TModelFactory.Options(strategy), Data.Where(s => s.Id != victim).ToList());
            for (int h = 0; h < options.Shards; h++)
                Assert.True(model.Chain(h, 0)[^1].State.BitwiseEquals(fresh.Chain(h, 0)[^1].State), $"{strategy} shard {h}");
        }
    }
}
