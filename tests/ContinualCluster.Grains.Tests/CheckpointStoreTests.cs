using ContinualCluster.Grains.Engine;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Unlearning.S3T;
using ContinualCluster.Runtime.InMemory;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// The checkpoint store's writes: every training of a tracked expert rewrites its shard records, and a record another
/// activation wrote in between is never overwritten (the ETag fence), with the reason logged.
/// </summary>
public sealed class CheckpointStoreTests : IClassFixture<StreamRecoveryTests.Learning>
{
    private readonly StreamRecoveryTests.Learning _learning;
    public CheckpointStoreTests(StreamRecoveryTests.Learning learning) => _learning = learning;

    private IReadOnlyList<Sample> Samples(int skip, int count)
    {
        var d = _learning.Train;
        return d.IndicesOfClasses(new[] { 4, 5 }).Where(i => i >= 10_000).Skip(skip).Take(count)
            .Select(i => new Sample(d.Ids[i], "o", d.Labels[i] % 2, d.Image(i).ToArray())).ToList();
    }

    [Fact]
    public async Task Trainings_rewrite_the_records_and_a_record_written_by_another_activation_is_never_overwritten()
    {
        var stores = new InMemoryStores();
        var logs = new List<string>();
        var checkpoints = new CheckpointStore(stores.State, "s", m => { lock (logs) logs.Add(m); });
        using var expert = _learning.Factory.CreateExpert("s", 0);
        checkpoints.Track(expert);
        expert.Add(Samples(0, 96));
        expert.Train();
        await checkpoints.FlushAsync(default);
        Assert.Equal(2, checkpoints.Stats.Written);
        var first = await stores.State.ReadAsync(checkpoints.Key(0, 1));
        int covered = 0;
        for (int h = 0; h < 2; h++) covered += ShardCheckpointCodec.Decode((await stores.State.ReadAsync(checkpoints.Key(0, h)))!.Data).Coverage.Sum(c => c.Ids.Count);
        Assert.Equal(96, covered);

        // Another activation (the stream moved) rewrites shard 1; this activation's next training must not overwrite it.
        var theirs = ShardCheckpointCodec.Decode(first!.Data) with { Generation = 99 };
        await stores.State.WriteAsync(checkpoints.Key(0, 1), ShardCheckpointCodec.Encode(theirs), first.ETag);
        expert.Add(Samples(96, 32));
        expert.Train();
        await checkpoints.FlushAsync(default);
        Assert.Equal(3, checkpoints.Stats.Written);
        Assert.Equal(1, checkpoints.Stats.Failures);
        Assert.Equal(99, ShardCheckpointCodec.Decode((await stores.State.ReadAsync(checkpoints.Key(0, 1)))!.Data).Generation);
        lock (logs) Assert.Contains(logs, m => m.Contains("expert-0/shard-1") && m.Contains("another activation"));
    }
}
