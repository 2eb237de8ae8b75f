using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Grains.Learning;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Runtime.InMemory;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// A stream engine rebuilt from the store (a grain that moved or whose silo died) keeps every acknowledged batch,
/// deletion and receipt, and never brings a deleted sample back: not into the index, the selector buffer, the
/// experts' lineage or the archived raw data.
/// </summary>
public sealed class StreamRecoveryTests : IClassFixture<StreamRecoveryTests.Learning>
{
    /// <summary>A small real Learning stack shared by the tests (a backbone pretrained on 500 images for one epoch).</summary>
    public sealed class Learning : IDisposable
    {
        public LearningFactory Factory { get; } = LearningFactory.Create(new LearningOptions
        {
            BackboneCache = "", PretrainSamples = 500, PretrainEpochs = 1, StageEpochs = 1, SelectorEpochs = 2, SelectorFineTuneEpochs = 0,
            TameInputWarmup = 100, Shards = 2, Slices = 2, Sequences = 2,
        });
        public ImageDataset Train { get; } = FashionMnist.Load(FashionMnistSplit.Train);

        /// <summary>Training image <paramref name="i"/> as an ingestible sample of <paramref name="owner"/>.</summary>
        public SampleDto Sample(int i, string owner) => new(Train.Ids[i], owner, Train.Labels[i], Train.Image(i).ToArray());

        /// <summary>Batch <paramref name="index"/> of task <paramref name="task"/> (classes 2t, 2t+1) from images 10,000 on, owners by image index.</summary>
        public SampleDto[] TaskBatch(int task, int index, int size = 32) =>
            Train.IndicesOfClasses(new[] { 2 * task, 2 * task + 1 }).Where(i => i >= 10_000).Skip(index * size).Take(size)
                .Select(i => Sample(i, $"owner-{i % 7}")).ToArray();

        public void Dispose() => Factory.Dispose();
    }

    private readonly Learning _learning;
    public StreamRecoveryTests(Learning learning) => _learning = learning;

    private SampleDto[] Batch(int task, int index, int size = 32) => _learning.TaskBatch(task, index, size);

    private StreamEngine Engine(InMemoryStores stores) => new("s", new StreamEngineOptions { TrainEverySamples = 64 }, _learning.Factory,
        stores.RequestLog, archive: new SampleArchive(stores.State, "s"));

    [Fact]
    public async Task A_restarted_stream_keeps_every_acknowledged_batch_and_deletion_and_resurrects_no_deleted_sample()
    {
        var stores = new InMemoryStores();
        var batches = Enumerable.Range(0, 4).Select(i => Batch(0, i)).ToList();
        string[] deleted = { batches[0][1].Id!, batches[2][5].Id! };
        StreamStatus before;
        using (var first = Engine(stores))
        {
            await first.RecoverAsync(default);
            for (int i = 0; i < batches.Count; i++) await first.IngestAsync(new IngestRequest($"b{i}", batches[i]), default);
            var receipt = await first.DeleteAsync(new DeletionRequest("d1", deleted, null), default);
            Assert.NotEqual(DeletionState.Accepted, receipt.State);
            await first.FlushAsync(default);
            for (int i = 0; i < 300 && first.GetDeletion("d1").State != DeletionState.Retrained; i++) await Task.Delay(100);
            Assert.True(first.GetDeletion("d1").RawDataRemoved);
            before = await first.StatusAsync(default);
        }   // the activation is gone without persisting anything (as after kill -9)

        // Deleted samples' pixels are gone from the store once the deletion has completed.
        var archive = new SampleArchive(stores.State, "s");
        foreach (var b in new[] { "b0", "b2" })
            Assert.DoesNotContain((await archive.ReadAsync("ingest", b, default))!, s => deleted.Contains(s.Id));

        using var second = Engine(stores);
        await second.RecoverAsync(default);
        await second.RecoveryCompletion;
        await second.FlushAsync(default);
        var after = await second.StatusAsync(default);
        Assert.Equal(4 * 32 - 2, after.Samples);
        Assert.Equal(before.Samples, after.Samples);
        Assert.Equal(before.Batches, after.Batches);
        Assert.Equal(4, second.ReplayedBatches);
        var restored = second.GetDeletion("d1");
        Assert.Equal(2, restored.SampleCount);
        Assert.NotEqual(DeletionState.Accepted, restored.State);
        Assert.DoesNotContain(second.SelectorBufferIds, deleted.Contains);
        Assert.True((await second.DeleteAsync(new DeletionRequest("d1", deleted, null), default)).Duplicate);

        // A retried batch is applied once; a deleted id cannot come back through ingestion.
        Assert.True((await second.IngestAsync(new IngestRequest("b1", batches[1]), default)).Duplicate);
        var again = batches[0].Where(s => s.Id == deleted[0]).ToArray();
        var conflict = await Assert.ThrowsAsync<ApiException>(() => second.IngestAsync(new IngestRequest("again", again), default));
        Assert.Equal(409, conflict.Status);
        Assert.Equal(before.Samples, (await second.StatusAsync(default)).Samples);
        var p = second.Predict(new PredictRequest(batches[3].Select(s => s.Pixels!).ToArray()));
        Assert.Equal(32, p.Predictions.Count);
    }

    [Fact]
    public async Task A_deletion_logged_before_a_crash_is_redacted_and_completed_on_replay()
    {
        var stores = new InMemoryStores();
        var batch = Batch(1, 0);
        using (var first = Engine(stores))
        {
            await first.RecoverAsync(default);
            await first.IngestAsync(new IngestRequest("b0", batch), default);
        }
        // The silo died right after logging the deletion: nothing was excluded or redacted yet.
        string victim = batch[3].Id!;
        await new DeletionLedger(stores.RequestLog, "s").AcceptAsync("d-crash", "fp", new[] { victim }, null, DateTimeOffset.UtcNow, default);
        var archive = new SampleArchive(stores.State, "s");
        Assert.Contains((await archive.ReadAsync("ingest", "b0", default))!, s => s.Id == victim);

        using var second = Engine(stores);
        await second.RecoverAsync(default);
        await second.RecoveryCompletion;
        Assert.DoesNotContain((await archive.ReadAsync("ingest", "b0", default))!, s => s.Id == victim);
        Assert.Equal(31, (await second.StatusAsync(default)).Samples);
        Assert.DoesNotContain(victim, second.SelectorBufferIds);
        var receipt = second.GetDeletion("d-crash");
        Assert.Equal(DeletionState.Retrained, receipt.State);
        Assert.True(receipt.Lineage is { Clean: true });
        Assert.True(receipt.RawDataRemoved);
    }
}
