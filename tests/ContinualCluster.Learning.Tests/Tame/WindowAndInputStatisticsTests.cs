using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Learning.Tests.Tame;

public sealed class WindowAndInputStatisticsTests
{
    [Fact]
    public void LossWindowThresholdIsMeanPlusSigmasTimesPopulationStdWithAFloor()
    {
        var w = new LossWindow(3, Math.Log(2));
        Assert.Equal(Math.Log(2) + 3 * 0.005, w.Threshold(3, 0.005), 12);
        w.Push(1);
        w.Push(2);
        w.Push(3);
        Assert.Equal(3, w.Count);
        Assert.Equal(2 + 3 * Math.Sqrt(2.0 / 3), w.Threshold(3, 0.005), 12);
        Assert.Equal(double.PositiveInfinity, new LossWindow(3).Threshold(3, 0.005));
    }

    [Fact]
    public void InputShiftIsNearOneForTheSameDistributionAndLargeForAnother()
    {
        var a = SyntheticImages.Create(2, 600, 28, 28, seed: 1);
        var b = SyntheticImages.Create(2, 100, 28, 28, seed: 2);
        var stats = new InputStatistics(28, 28, 4, 3e-4);
        stats.Add(stats.Features(a.Pixels.AsSpan(0, 1000 * 784), 1000));
        var same = Enumerable.Range(0, 3).Select(k => stats.Shift(stats.Features(a.Pixels.AsSpan((1000 + 64 * k) * 784, 64 * 784), 64))).ToArray();
        var other = stats.Shift(stats.Features(b.Pixels.AsSpan(0, 64 * 784), 64));
        Assert.All(same, d => Assert.InRange(d, 0.2, 2.5));
        Assert.True(other > 10 * same.Max(), $"shift {other} vs same-distribution {string.Join(",", same)}");
        Assert.True(double.IsNaN(new InputStatistics(28, 28, 4, 3e-4).Shift(stats.Features(b.Pixels.AsSpan(0, 784), 1))));
    }
}
