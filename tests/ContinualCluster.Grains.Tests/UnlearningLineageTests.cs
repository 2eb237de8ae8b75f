using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.InMemory;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// An O3 adapter wraps a checkpoint of its expert: a later deletion from that expert drops the adapter at once, the
/// forgotten class stays unanswered (masked) while the adapter is rebuilt on the clean checkpoint, and the rebuilt
/// adapter then serves.
/// </summary>
public sealed class UnlearningLineageTests : IClassFixture<StreamRecoveryTests.Learning>
{
    private readonly StreamRecoveryTests.Learning _learning;
    public UnlearningLineageTests(StreamRecoveryTests.Learning learning) => _learning = learning;

    [Fact]
    public async Task A_deletion_after_an_unlearning_request_masks_the_concept_and_rebuilds_the_adapter_on_the_clean_checkpoint()
    {
        var stores = new InMemoryStores();
        var d = _learning.Train;
        var idx = d.IndicesOfClasses(new[] { 0, 1 }).Where(i => i >= 10_000).Take(160).ToArray();
        var samples = idx.Select(i => _learning.Sample(i, "o")).ToArray();
        using var engine = new StreamEngine("u", new StreamEngineOptions { TrainEverySamples = 64 }, _learning.Factory, stores.RequestLog,
            archive: new SampleArchive(stores.State, "u"));
        await engine.RecoverAsync(default);
        for (int b = 0; b < 4; b++) await engine.IngestAsync(new IngestRequest($"b{b}", samples.Skip(b * 32).Take(32).ToArray()), default);
        await engine.FlushAsync(default);

        // Forget class 1 (Trouser) from samples that never entered the stream.
        var trousers = d.IndicesOfClasses(new[] { 1 }).Where(i => i >= 10_000).Skip(500).Take(60)
            .Select(i => new SampleDto($"forget-{i}", null, 1, d.Image(i).ToArray())).ToArray();
        var unlearned = await engine.UnlearnAsync(new UnlearningRequest("u1", 1, trousers), default);
        Assert.Equal("completed", unlearned.State);
        Assert.Equal(0, engine.UnlearningRebuilds);

        var receipt = await engine.DeleteAsync(new DeletionRequest("d1", new[] { samples[5].Id! }, null), default);
        Assert.NotEqual(DeletionState.Accepted, receipt.State);
        Assert.True(receipt.Lineage is { Clean: true });
        var probe = new PredictRequest(trousers.Take(40).Select(t => t.Pixels!).ToArray());
        if (engine.MaskedExperts.Count > 0)
            Assert.DoesNotContain(engine.Predict(probe).Predictions, p => p.Label == 1);   // masked: the class is never answered

        for (int i = 0; i < 600 && engine.UnlearningRebuilds == 0; i++) await Task.Delay(100);
        Assert.Equal(1, engine.UnlearningRebuilds);
        Assert.Empty(engine.MaskedExperts);
        var after = engine.Predict(probe).Predictions;
        Assert.True(after.Count(p => p.Label == 1) <= 8, $"the rebuilt adapter must keep Trouser forgotten: {after.Count(p => p.Label == 1)} of 40");
        Assert.True(after.Average(p => p.Gate) > 0.5, "the rebuilt gate must fire on the forgotten concept");
    }
}
