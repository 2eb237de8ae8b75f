using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.Deletion;
using ContinualCluster.Learning.Unlearning.S3T;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// The merged serving ensemble computes the same function as the unmerged checkpoints (full and truncated chains,
/// with and without a bottom-layer adapter), and a served view captured before a deletion keeps answering from its own
/// checkpoints while a new view excludes every checkpoint the deletion truncated away.
/// </summary>
public sealed class ServingEnsembleTests : IClassFixture<StreamRecoveryTests.Learning>
{
    private readonly StreamRecoveryTests.Learning _learning;
    public ServingEnsembleTests(StreamRecoveryTests.Learning learning) => _learning = learning;

    private (ShardedUnlearningModel Model, List<Sample> Samples, float[] Probe) Trained(int slices)
    {
        var d = _learning.Train;
        var samples = d.IndicesOfClasses(new[] { 4, 5 }).Where(i => i >= 10_000).Take(96)
            .Select(i => new Sample(d.Ids[i], "o", d.Labels[i] % 2, d.Image(i).ToArray())).ToList();
        var model = new ShardedUnlearningModel(new LoRAExpertTrainer(_learning.Factory.Backbone), new S3TOptions
        {
            Shards = 2, Slices = slices, Sequences = 1, Classes = 2, BackgroundRetraining = false,
            Training = new ExpertTrainingOptions { Epochs = 1 },
        });
        model.Ingest(samples);
        model.TrainAll();
        var probe = d.IndicesOfClasses(new[] { 4, 5 }).Where(i => i >= 10_000).Skip(500).Take(40).SelectMany(i => d.Image(i).ToArray()).ToArray();
        return (model, samples, probe);
    }

    [Fact]
    public void The_ensemble_serves_the_same_logits_as_the_unmerged_checkpoints_full_and_truncated()
    {
        var (model, samples, probe) = Trained(slices: 4);
        // Truncate one shard below its bottom-layer stage: one checkpoint has a layer-0 adapter, the other none.
        var placement = model.Placements().First(p => p.Shard == 0 && p.Slice == 2);
        model.Delete(new DeletionRequest("cut", new[] { placement.SampleId }));
        var states = model.Served.LiveStates.ToArray();
        Assert.Equal(2, states.Length);
        Assert.NotEqual(states[0].Adapters[0] is null, states[1].Adapters[0] is null);
        using var ensemble = new ServingEnsemble(_learning.Factory.Backbone, states);
        var merged = ensemble.Logits(probe, 40);
        var unmerged = model.PredictLogits(states, probe, 40);
        Assert.Equal(unmerged.Length, merged.Length);
        for (int i = 0; i < merged.Length; i++) Assert.True(Math.Abs(merged[i] - unmerged[i]) < 1e-3, $"logit {i}: {merged[i]} vs {unmerged[i]}");
        Assert.Equal(samples.Count - 1, model.LiveSamples);
    }

    [Fact]
    public void In_bfloat16_the_ensemble_serves_the_float32_logits_up_to_rounding_and_the_same_labels()
    {
        var (model, _, probe) = Trained(slices: 4);
        var states = model.Served.LiveStates.ToArray();
        using var exact = new ServingEnsemble(_learning.Factory.Backbone, states, ServingPrecision.Float32);
        using var narrow = new ServingEnsemble(_learning.Factory.Backbone, states, ServingPrecision.BFloat16);
        Assert.Equal(ServingPrecision.Float32, exact.Precision);
        Assert.Equal(ServingPrecision.BFloat16, narrow.Precision);
        var a = exact.Logits(probe, 40);
        var b = narrow.Logits(probe, 40);
        Assert.Equal(a.Length, b.Length);
        float scale = a.Max(Math.Abs);
        int differing = 0, agree = 0;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) <= 0.05f * scale + 0.02f, $"logit {i}: {a[i]} vs {b[i]} (scale {scale})");
            if (a[i] != b[i]) differing++;
        }
        Assert.True(differing > 0, "the bfloat16 ensemble computed in float32");
        for (int i = 0; i < 40; i++) if ((a[2 * i] > a[2 * i + 1]) == (b[2 * i] > b[2 * i + 1])) agree++;
        Assert.True(agree >= 39, $"{agree} of 40 labels agree");
    }

    [Theory]
    [InlineData(ServingPrecision.Float32)]
    [InlineData(ServingPrecision.BFloat16)]
    public void Padding_a_batch_to_its_row_bucket_leaves_every_image_s_logits_as_computed_alone_in_a_full_bucket(ServingPrecision precision)
    {
        var (model, _, probe) = Trained(slices: 2);
        using var ensemble = new ServingEnsemble(_learning.Factory.Backbone, model.Served.LiveStates.ToArray(), precision);
        var full = ensemble.Logits(probe, 32);   // 32 is a bucket: no padding
        foreach (int count in new[] { 1, 7, 9, 17, 31 })
        {
            var part = ensemble.Logits(probe, count);
            Assert.Equal(count * ensemble.Classes, part.Length);
            for (int i = 0; i < part.Length; i++)
                Assert.True(Math.Abs(part[i] - full[i]) <= 1e-4f * Math.Max(1, Math.Abs(full[i])), $"{precision}, {count} images: logit {i} {part[i]} vs {full[i]}");
        }
    }

    [Fact]
    public void Row_buckets_round_up_to_a_few_repeated_shapes_and_refuse_an_empty_batch()
    {
        Assert.Equal(new[] { 8, 8, 16, 16, 32, 128, 128, 144, 256, 320, 512 },
            new[] { 1, 8, 9, 16, 17, 113, 128, 129, 256, 257, 512 }.Select(ServingRowBuckets.RoundUp).ToArray());
        Assert.Equal(17, Enumerable.Range(1, 256).Select(ServingRowBuckets.RoundUp).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => ServingRowBuckets.RoundUp(0));
    }

    [Fact]
    public void Auto_precision_is_bfloat16_only_where_the_processor_reports_native_bfloat16()
    {
        Assert.True(BFloat16Support.HasFlag("processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 amx_tile\n"));
        Assert.True(BFloat16Support.HasFlag("flags\t: sse2 amx_bf16\n"));
        Assert.False(BFloat16Support.HasFlag("flags\t: fpu avx2 avx512f avx512bw\nbugs\t: avx512_bf16\n"));
        Assert.Equal(BFloat16Support.Native ? ServingPrecision.BFloat16 : ServingPrecision.Float32, BFloat16Support.Resolve(ServingPrecision.Auto));
        Assert.Equal(ServingPrecision.Float32, BFloat16Support.Resolve(ServingPrecision.Float32));
        Assert.Throws<ArgumentOutOfRangeException>(() => BFloat16Support.Resolve((ServingPrecision)42));
    }

    [Fact]
    public async Task A_view_taken_before_every_shard_died_still_answers_and_the_retrained_view_is_clean()
    {
        using var expert = _learning.Factory.CreateExpert("view", 0);
        var d = _learning.Train;
        var samples = d.IndicesOfClasses(new[] { 6, 7 }).Where(i => i >= 10_000).Take(64)
            .Select(i => new Sample(d.Ids[i], "o", d.Labels[i] % 2, d.Image(i).ToArray())).ToList();
        expert.Add(samples);
        expert.Train();
        var before = expert.CurrentServing();
        Assert.NotNull(before);
        var probe = samples.Take(8).SelectMany(s => s.Pixels).ToArray();

        // Every other sample: every slice of every shard loses one, so every shard dies and retrains in the background.
        var deleted = samples.Where((_, i) => i % 2 == 0).Select(s => s.Id).ToList();
        var deletion = expert.Delete(deleted);
        Assert.True(deletion.RetrainingStarted);
        Assert.Equal(8, before!.Predict(probe, 8).Length);   // the captured checkpoints answer: no 503 half-way (it used to throw)
        await expert.WaitForRetrainingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        var after = expert.CurrentServing();
        Assert.NotNull(after);
        Assert.NotEqual(before.Version, after!.Version);
        Assert.Equal(8, after.Predict(probe, 8).Length);
        var (checkedModels, violations) = expert.CheckLineage(deleted.ToHashSet());
        Assert.True(checkedModels > 0);
        Assert.Equal(0, violations);
    }
}
