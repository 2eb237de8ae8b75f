using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Learning.Tests.Tame;

public sealed class PriorityBufferTests
{
    private static BufferedSample S(string id, int label, int expert = 0, string owner = "o", int seed = 7) =>
        new(id, owner, [0f], label, expert, SamplePriority.Of(id, seed));

    [Fact]
    public void EachClassKeepsAUniformSubsampleOfItsStream()
    {
        // 4000 samples of one class arrive in order; 400 are kept. Under uniform sampling every tenth of the stream holds ~40 of them.
        const int n = 4000, cap = 400, bins = 10;
        var buffer = new PriorityBuffer(cap, capacityPerPool: true, s => s.Label);
        for (int i = 0; i < n; i++) buffer.Offer(S($"s{i}", 0));
        Assert.Equal(cap, buffer.Count);
        var counts = new double[bins];
        foreach (var s in buffer.Samples()) counts[int.Parse(s.Id[1..]) * bins / n]++;
        double expected = (double)cap / bins;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 27.88, $"chi-square {chi2:F2} over {bins} bins exceeds the 0.1% critical value 27.88 (9 dof): {string.Join(",", counts)}");
    }

    [Fact]
    public void UniformityHoldsAcrossSeedsInAggregate()
    {
        // Position of retained samples, pooled over 20 seeds: the first and last halves of the stream are equally represented.
        int first = 0, second = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var buffer = new PriorityBuffer(50, capacityPerPool: true, s => s.Label);
            for (int i = 0; i < 500; i++) buffer.Offer(S($"s{i}", 0, seed: seed));
            foreach (var s in buffer.Samples()) if (int.Parse(s.Id[1..]) < 250) first++; else second++;
        }
        double expected = (first + second) / 2.0;
        double chi2 = ((first - expected) * (first - expected) + (second - expected) * (second - expected)) / expected;
        Assert.True(chi2 < 10.83, $"halves {first}/{second}: chi-square {chi2:F2} ≥ 10.83 (1 dof, 0.1%)");
    }

    [Fact]
    public void SharedCapacityIsSplitEvenlyOverClassesAsTheyAppear()
    {
        var buffer = new PriorityBuffer(300, capacityPerPool: false, s => s.Expert * 2 + s.Label);
        for (int i = 0; i < 1000; i++) buffer.Offer(S($"a{i}", i % 2, expert: 0));
        Assert.Equal(new Dictionary<int, int> { [0] = 150, [1] = 150 }, buffer.PoolSizes);
        for (int i = 0; i < 1000; i++) buffer.Offer(S($"b{i}", i % 2, expert: 1));
        Assert.All(buffer.PoolSizes.Values, v => Assert.Equal(75, v));
        Assert.Equal(300, buffer.Count);
    }

    [Fact]
    public void SamplesCanBeRemovedByIdOrOwnerAndAreNotOfferedTwice()
    {
        var buffer = new PriorityBuffer(10, capacityPerPool: true, s => s.Label);
        Assert.True(buffer.Offer(S("x", 0, owner: "alice")));
        Assert.False(buffer.Offer(S("x", 0, owner: "alice")));
        buffer.Offer(S("y", 0, owner: "alice"));
        buffer.Offer(S("z", 0, owner: "bob"));
        Assert.True(buffer.Remove("z"));
        Assert.False(buffer.Remove("z"));
        Assert.Equal(2, buffer.RemoveOwner("alice"));
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void PriorityIsAStableDrawPerSampleAndSeed()
    {
        Assert.Equal(SamplePriority.Of("train-000001", 1), SamplePriority.Of("train-000001", 1));
        Assert.NotEqual(SamplePriority.Of("train-000001", 1), SamplePriority.Of("train-000001", 2));
        var draws = Enumerable.Range(0, 10000).Select(i => SamplePriority.Of($"id{i}", 0)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
        Assert.InRange(draws.Average(), 0.48, 0.52);
    }
}
