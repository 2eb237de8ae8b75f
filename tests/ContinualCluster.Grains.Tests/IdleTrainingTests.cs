using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Grains.Learning;
using ContinualCluster.Runtime.InMemory;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// A stream shorter than TrainEverySamples, with no detected switch, trains by itself once idle (as a flush would) and
/// then serves; with idle training off it keeps answering 503 warming_up until an explicit flush; a replay of the
/// stream resolves the idle flush at the same point.
/// </summary>
public sealed class IdleTrainingTests : IClassFixture<StreamRecoveryTests.Learning>
{
    private readonly StreamRecoveryTests.Learning _learning;
    public IdleTrainingTests(StreamRecoveryTests.Learning learning) => _learning = learning;

    private StreamEngine Engine(InMemoryStores stores, TimeSpan idle) => new("idle", new StreamEngineOptions { TrainEverySamples = 10_000, TrainAfterIdle = idle },
        _learning.Factory, stores.RequestLog, archive: new SampleArchive(stores.State, "idle"));

    private SampleDto[] Batch(int index)
    {
        return _learning.Train.IndicesOfClasses(new[] { 0, 1 }).Skip(index * 32).Take(32).Select(i => _learning.Sample(i, "owner")).ToArray();
    }

    private float[] Images(int count) => Enumerable.Range(0, count).SelectMany(i => _learning.Train.Image(i).ToArray()).ToArray();

    [Fact]
    public async Task An_idle_stream_trains_what_it_holds_and_serves()
    {
        var stores = new InMemoryStores();
        using var engine = Engine(stores, TimeSpan.FromMilliseconds(300));
        await engine.RecoverAsync(default);
        for (int i = 0; i < 3; i++) await engine.IngestAsync(new IngestRequest($"b{i}", Batch(i)), default);
        var early = Assert.Throws<ApiException>(() => engine.Predict(Images(4), 4));
        Assert.Equal("warming_up", early.Error);

        PredictResponse? served = null;
        for (int i = 0; i < 600 && served is null; i++)
        {
            await Task.Delay(100);
            try { served = engine.Predict(Images(4), 4); }
            catch (ApiException e) when (e.Status == 503) { }
        }
        Assert.NotNull(served);
        Assert.Equal(4, served!.Predictions.Count);
        Assert.Equal(1, engine.IdleTrainings);

        // The idle flush is logged: a replay of the stream trains the same samples and serves too.
        using var replayed = Engine(stores, TimeSpan.Zero);
        await replayed.RecoverAsync(default);
        await replayed.RecoveryCompletion;
        await replayed.FlushAsync(default);
        Assert.Equal(4, replayed.Predict(Images(4), 4).Predictions.Count);
        Assert.Equal(3 * 32, (await replayed.StatusAsync(default)).Samples);
    }

    [Fact]
    public async Task With_idle_training_off_a_short_stream_waits_for_an_explicit_flush()
    {
        using var engine = Engine(new InMemoryStores(), TimeSpan.Zero);
        await engine.RecoverAsync(default);
        await engine.IngestAsync(new IngestRequest("b0", Batch(0)), default);
        await Task.Delay(1000);
        Assert.Equal("warming_up", Assert.Throws<ApiException>(() => engine.Predict(Images(2), 2)).Error);
        Assert.Equal(0, engine.IdleTrainings);
        await engine.FlushAsync(default);
        Assert.Equal(2, engine.Predict(Images(2), 2).Predictions.Count);
    }

    [Fact]
    public void A_negative_idle_time_is_refused_by_name() =>
        Assert.Contains("TrainAfterIdle", Assert.Throws<ArgumentException>(() => new StreamEngineOptions { TrainAfterIdle = TimeSpan.FromSeconds(-1) }.Validate()).Message);
}
