using System.Text.Json;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.O3;
using ContinualCluster.Learning.Unlearning.Placement;
using ContinualCluster.Learning.Unlearning.S3T;
using Xunit;

namespace ContinualCluster.Learning.Tests.Unlearning;

public sealed class SampleStoreAndMetricsTests
{
    [Fact]
    public void Deleting_drops_the_sample_from_its_slice_but_keeps_its_placement_record()
    {
        var store = new DeletableSampleStore(PlacementFunction.Create(9, 2, 3), 4);
        var samples = Enumerable.Range(0, 60).Select(i => new Sample($"s-{i:00}", $"o-{i % 4}", i % 2, new float[] { i, 1, 2, 3 })).ToList();
        store.Add(samples);
        var victim = store.Find("s-17")!;
        Assert.Contains("s-17", store.Contents(victim.Shard, victim.Slice).Ids);
        Assert.True(store.Remove("s-17"));
        Assert.False(store.Remove("s-17"));
        Assert.True(store.IsDeleted("s-17"));
        Assert.Equal(victim, store.Find("s-17"));
        Assert.DoesNotContain("s-17", store.Contents(victim.Shard, victim.Slice).Ids);
        Assert.Equal(59, store.LiveCount);
        Assert.Equal(15, store.IdsOfOwner("o-1").Count);
        var snapshot = store.Snapshot(victim.Shard, victim.Slice);
        Assert.Equal(snapshot.Ids.OrderBy(x => x, StringComparer.Ordinal), snapshot.Ids);
        Assert.Equal(snapshot.Ids.Length * 4, snapshot.Pixels.Length);
        // A bad batch adds nothing.
        var bad = new[] { new Sample("new-1", "o", 0, new float[4]), new Sample("s-03", "o", 0, new float[4]) };
        Assert.Throws<ArgumentException>(() => store.Add(bad));
        Assert.Null(store.Find("new-1"));
        Assert.Throws<ArgumentException>(() => store.Add(new[] { new Sample("x", "o", 0, new float[3]) }));
    }

    [Fact]
    public void Metrics_records_round_trip_through_json()
    {
        var step = new DeletionStep(0.01, 100, 2, 1.5, 0.93, 0.96, new RetrainingCost(4, 1000, 1.5), new LineageCheck(20, 4000, 100, Array.Empty<string>()));
        var back = JsonSerializer.Deserialize<DeletionStep>(JsonSerializer.Serialize(step))!;
        Assert.Equal(step.AccuracyAfterRetrain, back.AccuracyAfterRetrain);
        Assert.Equal(step.BackgroundCostSoFar, back.BackgroundCostSoFar);
        Assert.True(back.Lineage.Clean);
        var lat = LatencySummary.From(new[] { 3.0, 1, 2, 100 });
        Assert.Equal((2.0, 100.0), (lat.P50Ms, lat.P99Ms));
        Assert.Equal(lat, JsonSerializer.Deserialize<LatencySummary>(JsonSerializer.Serialize(lat)));
        var gate = SoftGate.Fit(new[] { 1.0, 2, 3 }, new[] { 1.5, 2.5 });
        Assert.Equal(gate, JsonSerializer.Deserialize<SoftGate>(JsonSerializer.Serialize(gate)));
        var delta = DeletionRateSimulator.Simulate(2, 2, 1, 50, 10, 1);
        Assert.Equal(delta.Measured, JsonSerializer.Deserialize<DeletionRateResult>(JsonSerializer.Serialize(delta))!.Measured);
    }
}
