using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.InMemory;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// A deletion that kills every shard of the only expert used to fail the predictions that followed it (503) until the
/// retraining finished; a prediction now waits for the first clean retrained stage and succeeds, and the receipt's
/// lineage check holds throughout.
/// </summary>
public sealed class PredictionDuringRetrainingTests : IClassFixture<StreamRecoveryTests.Learning>
{
    private readonly StreamRecoveryTests.Learning _learning;
    public PredictionDuringRetrainingTests(StreamRecoveryTests.Learning learning) => _learning = learning;

    [Fact]
    public async Task Predictions_succeed_while_every_shard_retrains_and_no_deleted_sample_is_served()
    {
        var d = _learning.Train;
        var samples = d.IndicesOfClasses(new[] { 0, 1 }).Where(i => i >= 10_000).Skip(300).Take(128)
            .Select(i => _learning.Sample(i, "o")).ToArray();
        var stores = new InMemoryStores();
        using var engine = new StreamEngine("r", new StreamEngineOptions { TrainEverySamples = 64 }, _learning.Factory, stores.RequestLog);
        await engine.RecoverAsync(default);
        for (int b = 0; b < 4; b++) await engine.IngestAsync(new IngestRequest($"b{b}", samples.Skip(b * 32).Take(32).ToArray()), default);
        await engine.FlushAsync(default);
        var probe = samples.Take(16).SelectMany(s => s.Pixels!).ToArray();
        Assert.Equal(16, (await engine.PredictAsync(probe, 16, default)).Predictions.Count);

        // Every other sample: every slice of every shard loses samples, so every shard of the expert is dead at once.
        var deleted = samples.Where((_, i) => i % 2 == 0).Select(s => s.Id!).ToArray();
        var receipt = await engine.DeleteAsync(new DeletionRequest("kill", deleted, null), default);
        Assert.True(receipt.Lineage is { Clean: true });
        var answered = await engine.PredictAsync(probe, 16, default);   // waits for a clean checkpoint instead of a 503
        Assert.Equal(16, answered.Predictions.Count);
        Assert.All(answered.Predictions, p => Assert.InRange(p.Label, 0, 1));

        for (int i = 0; i < 600 && engine.GetDeletion("kill").State != DeletionState.Retrained; i++) await Task.Delay(100);
        var done = engine.GetDeletion("kill");
        Assert.Equal(DeletionState.Retrained, done.State);
        Assert.True(done.Lineage is { Clean: true, Violations: 0 });
    }
}
