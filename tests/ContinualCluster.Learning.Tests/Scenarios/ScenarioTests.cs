using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Tests.Scenarios;

public sealed class ScenarioTests
{
    private static readonly ImageDataset Train = SyntheticImages.Create(6, 50, 8, 8, seed: 1);
    private static readonly ImageDataset Test = SyntheticImages.Create(6, 10, 8, 8, seed: 2, idPrefix: "syntest");

    private static ContinualScenario Split(int[]? schedule = null, bool blurred = false, int seed = 0) =>
        ScenarioBuilder.Split("s", Train, Test, [[0, 1], [2, 3], [4, 5]], schedule,
            new ScenarioOptions { EpochsPerTask = 2, BatchSize = 16, Seed = seed, BlurSamples = 20 }, blurred);

    [Fact]
    public void SplitStreamKeepsTaskIdsOutOfTheLearnersViewAndBatchesNeverSpanTasks()
    {
        var sc = Split();
        var batches = sc.Batches().ToList();
        Assert.Equal(sc.BatchCount, batches.Count);
        Assert.Equal(3 * 100 * 2, batches.Sum(b => b.Batch.Count));
        Assert.All(batches, b => Assert.All(b.Truth.SampleTaskIds, t => Assert.Equal(b.Truth.TaskId, t)));
        Assert.All(batches, b => Assert.All(b.Batch.Labels, l => Assert.InRange(l, 0, 1)));
        Assert.All(batches, b => Assert.Equal(b.Batch.Labels, b.Truth.GlobalLabels.Select(g => g % 2).ToArray()));
        Assert.Equal(2, sc.BoundaryBatches.Count);
        foreach (var boundary in sc.BoundaryBatches)
            Assert.NotEqual(batches[boundary - 1].Truth.TaskId, batches[boundary].Truth.TaskId);
        var firstTask = batches.Where(b => b.Truth.Segment == 0).SelectMany(b => b.Batch.SampleIds).ToList();
        Assert.Equal(200, firstTask.Count);
        Assert.Equal(100, firstTask.Distinct().Count());
    }

    [Fact]
    public void StreamsAreReproducibleFromTheSeedAndDifferAcrossSeeds()
    {
        var a = Split(seed: 3).Batches().SelectMany(b => b.Batch.SampleIds).ToList();
        var b = Split(seed: 3).Batches().SelectMany(b => b.Batch.SampleIds).ToList();
        var c = Split(seed: 4).Batches().SelectMany(b => b.Batch.SampleIds).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void RecurringScheduleRevisitsTheSameSamples()
    {
        var sc = Split(schedule: [0, 1, 2, 1]);
        var batches = sc.Batches().ToList();
        Assert.Equal(3, sc.BoundaryBatches.Count);
        var seg1 = batches.Where(b => b.Truth.Segment == 1).SelectMany(b => b.Batch.SampleIds).ToHashSet();
        var seg3 = batches.Where(b => b.Truth.Segment == 3).SelectMany(b => b.Batch.SampleIds).ToHashSet();
        Assert.Equal(seg1, seg3);
        Assert.All(batches.Where(b => b.Truth.Segment == 3), b => Assert.Equal(1, b.Truth.TaskId));
    }

    [Fact]
    public void BlurredBoundariesMixTwoTasksButKeepEverySampleOnce()
    {
        var sc = Split(blurred: true);
        var batches = sc.Batches().ToList();
        Assert.Contains(batches, b => b.Truth.SampleTaskIds.Distinct().Count() == 2);
        var mixedSamples = batches.Sum(b => b.Truth.SampleTaskIds.Count(t => t != b.Truth.TaskId));
        Assert.InRange(mixedSamples, 1, 2 * 20);
        Assert.Equal(600, batches.Sum(b => b.Batch.Count));
        var perTask = batches.SelectMany(b => b.Truth.SampleTaskIds).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perTask.Values, n => Assert.Equal(200, n));
        Assert.Equal(2, sc.BoundaryBatches.Count);
    }

    [Fact]
    public void PermutedTasksPermutePixelsAndQualifySampleIds()
    {
        var sc = ScenarioBuilder.Permuted("p", Train, Test, new ScenarioOptions { EpochsPerTask = 1, BatchSize = 50, PermutedTaskCount = 3 });
        Assert.Equal(3, sc.Tasks.Count);
        Assert.Null(sc.Tasks[0].PixelPermutation);
        var last = sc.Batches().Last();
        Assert.All(last.Batch.SampleIds, id => Assert.EndsWith("@perm3", id));
        int idx = Train.IndexOf(last.Batch.SampleIds[0].Split('@')[0]);
        var perm = sc.Tasks[2].PixelPermutation!;
        var original = Train.Image(idx);
        for (int j = 0; j < perm.Length; j++) Assert.Equal(original[perm[j]], last.Batch.Pixels[j]);
        Assert.Equal(6, sc.ClassesPerTask);
    }

    [Fact]
    public void InvalidOptionsAreRejectedWithTheSettingsName()
    {
        var e = Assert.Throws<ArgumentException>(() => new ScenarioOptions { BatchSize = 0 }.Validate());
        Assert.Contains("BatchSize", e.Message);
        Assert.Throws<ArgumentException>(() => new ScenarioOptions { BlurSamples = 3 }.Validate());
        Assert.Throws<ArgumentException>(() => ScenarioBuilder.Split("s", Train, Test, [[0, 1], [1, 2]], null, new ScenarioOptions()));
    }
}
