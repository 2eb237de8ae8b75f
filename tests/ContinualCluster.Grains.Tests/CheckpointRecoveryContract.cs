using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Learning.Unlearning.S3T;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.TestKit.Storage;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// Recovery from stored S3T checkpoints, against a real store: a re-activated stream serves its stored checkpoints
/// without training; a checkpoint made stale by a deletion after it was stored is never loaded and the store is
/// rewritten without it; a corrupt or foreign record is logged and its shard retrained, never a crash.
/// </summary>
public abstract class CheckpointRecoveryContract
{
    private readonly StreamRecoveryTests.Learning _learning;
    private readonly IStoreFixture _store;
    private readonly List<string> _logs = new();

    protected CheckpointRecoveryContract(StreamRecoveryTests.Learning learning, IStoreFixture store)
    {
        _learning = learning;
        _store = store;
    }

    private SampleDto[] Batch(int task, int index, int size = 32) => _learning.TaskBatch(task, index, size);

    private StreamEngine Engine(string stream)
    {
        var checkpoints = new CheckpointStore(_store.State, stream, m => { lock (_logs) _logs.Add(m); });
        return new StreamEngine(stream, new StreamEngineOptions { TrainEverySamples = 64 }, new CheckpointingLearningFactory(_learning.Factory, checkpoints),
            _store.Requests, archive: new SampleArchive(_store.State, stream)) { Checkpoints = checkpoints };
    }

    /// <summary>Ingests two tasks, trains everything and waits until the checkpoints are in the store; returns the experts' count.</summary>
    private async Task<int> TrainAndStoreAsync(StreamEngine engine, int batchesPerTask = 3)
    {
        await engine.RecoverAsync(default);
        for (int t = 0; t < 2; t++)
            for (int i = 0; i < batchesPerTask; i++) await engine.IngestAsync(new IngestRequest($"t{t}b{i}", Batch(t, i)), default);
        await engine.FlushAsync(default);
        await engine.Checkpoints!.FlushAsync(default);
        var status = await engine.StatusAsync(default);
        Assert.True(engine.Checkpoints.Stats.Written >= status.Experts * 2, $"{engine.Checkpoints.Stats.Written} records written for {status.Experts} experts");
        return status.Experts;
    }

    private async Task<List<ShardCheckpointRecord>> StoredAsync(string stream, int experts)
    {
        var store = new CheckpointStore(_store.State, stream);
        var records = new List<ShardCheckpointRecord>();
        for (int k = 0; k < experts; k++)
            for (int h = 0; h < 2; h++)
                if (await _store.State.ReadAsync(store.Key(k, h)) is { } s) records.Add(ShardCheckpointCodec.Decode(s.Data));
        return records;
    }

    private static IEnumerable<string> Ids(ShardCheckpointRecord r) =>
        r.Sequences.SelectMany(s => s.Stages).SelectMany(c => c.Lineage).Concat(r.Coverage).SelectMany(l => l.Ids);

    [StoreFact]
    public async Task A_reactivated_stream_serves_its_stored_checkpoints_without_training()
    {
        string stream = $"ckpt-serve-{_store.Name}";
        int experts;
        IReadOnlyList<ServedModel> before;
        using (var first = Engine(stream))
        {
            experts = await TrainAndStoreAsync(first, batchesPerTask: 12);
            before = (await first.StatusAsync(default)).ServedModels;
        }   // gone without persisting anything (as after kill -9)

        using var second = Engine(stream);
        await second.RecoverAsync(default);
        var restored = second.RestoredCheckpoints!;
        Assert.True(experts * 2 == restored.ShardsRestored, $"{experts} experts: {restored}");
        Assert.Equal((0, 0, 0, 0, 0, 0), (restored.ShardsRefused, restored.ShardsMissing, restored.StagesDroppedDeleted, restored.StagesDroppedForeign, restored.ExpertsRetrained, restored.ShardsRetrained));
        Assert.Equal(0, second.RetrainingJobs);
        await second.RecoveryCompletion;
        Console.WriteLine($"checkpoint recovery ({_store.Name}): {experts} experts, {restored}");
        var p = second.Predict(new PredictRequest(Batch(1, 13).Select(s => s.Pixels!).ToArray()));
        Assert.Equal(32, p.Predictions.Count);
        Assert.Equal(0, second.StagesTrained);
        Assert.Equal(0, second.RetrainingJobs);
        Assert.Equal(before.Select(m => (m.Model, m.Prefix)), (await second.StatusAsync(default)).ServedModels.Select(m => (m.Model, m.Prefix)));
    }

    [StoreFact]
    public async Task A_checkpoint_made_stale_by_a_deletion_after_it_was_stored_is_never_loaded()
    {
        string stream = $"ckpt-stale-{_store.Name}";
        int experts;
        string live = Batch(0, 1)[2].Id!, crashed;
        using (var first = Engine(stream))
        {
            experts = await TrainAndStoreAsync(first);
            // A deletion acknowledged on the live stream rewrites the records it invalidates (off the acknowledgement path).
            await first.DeleteAsync(new DeletionRequest("d-live", new[] { live }, null), default);
            await first.Checkpoints!.FlushAsync(default);
            Assert.DoesNotContain((await StoredAsync(stream, experts)).SelectMany(Ids), id => id == live);
            // A sample that a stored (clean, served) stage checkpoint was trained on.
            crashed = (await StoredAsync(stream, experts)).SelectMany(r => r.Sequences).SelectMany(s => s.Stages).SelectMany(c => c.Lineage).SelectMany(l => l.Ids).First();
        }
        // The silo died right after logging this deletion: the stored records still hold checkpoints trained on it.
        await new DeletionLedger(_store.Requests, stream).AcceptAsync("d-crash", "fp", new[] { crashed }, null, DateTimeOffset.UtcNow, default);

        using var second = Engine(stream);
        await second.RecoverAsync(default);
        Assert.True(second.RestoredCheckpoints!.StagesDroppedDeleted > 0, second.RestoredCheckpoints.ToString());
        await second.RecoveryCompletion;
        var receipt = second.GetDeletion("d-crash");
        Assert.Equal(DeletionState.Retrained, receipt.State);
        Assert.True(receipt.Lineage is { Clean: true, ModelsChecked: > 0 });
        var p = second.Predict(new PredictRequest(Batch(0, 5).Select(s => s.Pixels!).ToArray()));
        Assert.Equal(32, p.Predictions.Count);
        await second.Checkpoints!.FlushAsync(default);
        Assert.DoesNotContain((await StoredAsync(stream, experts)).SelectMany(Ids), id => id == crashed || id == live);
    }

    [StoreFact]
    public async Task Corrupt_or_foreign_records_are_logged_and_their_shards_retrained_never_a_crash()
    {
        string stream = $"ckpt-corrupt-{_store.Name}";
        var keys = new CheckpointStore(_store.State, stream);
        using (var first = Engine(stream)) await TrainAndStoreAsync(first);
        var shard0 = (await _store.State.ReadAsync(keys.Key(0, 0)))!;
        var garbage = (byte[])shard0.Data.Clone();
        garbage[garbage.Length / 3] ^= 0xFF;
        await _store.State.WriteAsync(keys.Key(0, 0), garbage, shard0.ETag);
        var shard1 = (await _store.State.ReadAsync(keys.Key(0, 1)))!;
        var foreign = ShardCheckpointCodec.Decode(shard1.Data) with { BackboneId = "mlp-784x256-r8a16-0123456789abcdef" };
        await _store.State.WriteAsync(keys.Key(0, 1), ShardCheckpointCodec.Encode(foreign), shard1.ETag);

        using var second = Engine(stream);
        await second.RecoverAsync(default);
        Assert.Equal(2, second.RestoredCheckpoints!.ShardsRefused);
        lock (_logs)
        {
            Assert.Contains(_logs, m => m.Contains("expert-0/shard-0") && m.Contains("SHA-256"));
            Assert.Contains(_logs, m => m.Contains("expert-0/shard-1") && m.Contains("backbone"));
        }
        await second.RecoveryCompletion;
        await second.FlushAsync(default);
        Assert.True(second.StagesTrained > 0);
        var p = second.Predict(new PredictRequest(Batch(0, 5).Select(s => s.Pixels!).ToArray()));
        Assert.Equal(32, p.Predictions.Count);
        // The retrained shards' records were rewritten and read back cleanly.
        await second.Checkpoints!.FlushAsync(default);
        var records = await StoredAsync(stream, 1);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(new CheckpointStore(_store.State, stream).Owner(0), r.Owner));
    }
}
