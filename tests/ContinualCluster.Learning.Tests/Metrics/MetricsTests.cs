using System.Text.Json;
using ContinualCluster.Learning.Metrics;

namespace ContinualCluster.Learning.Tests.Metrics;

public sealed class MetricsTests
{
    [Fact]
    public void SwitchEvaluationMatchesDelaysFalseAndMissed()
    {
        var e = SwitchEvaluation.Evaluate([10, 20, 30, 40], [11, 15, 20, 52], lateTolerance: 5);
        Assert.Equal([1, 0, null, null], e.Delays);
        Assert.Equal(2, e.MissedBoundaries);
        Assert.Equal(2, e.FalseSwitches);
        Assert.Equal(1, e.MaxDelay);
        var early = SwitchEvaluation.Evaluate([10], [9], lateTolerance: 5, earlyTolerance: 2);
        Assert.Equal(-1, early.Delays[0]);
        Assert.Equal(0, early.FalseSwitches);
    }

    [Fact]
    public void TransferMetricsFollowTheirDefinitions()
    {
        double[][] r =
        [
            [0.9, 0.1, 0.2],
            [0.8, 0.95, 0.3],
            [0.7, 0.9, 0.99],
        ];
        var m = TransferMetrics.Compute(r, [0, 1, 2], [0.5, 0.5, 0.5]);
        Assert.Equal((0.7 + 0.9 + 0.99) / 3, m.AverageAccuracy, 9);
        Assert.Equal(((0.7 - 0.9) + (0.9 - 0.95)) / 2, m.BackwardTransfer, 9);
        Assert.Equal(((0.1 - 0.5) + (0.3 - 0.5)) / 2, m.ForwardTransfer, 9);
        Assert.Equal(((0.9 - 0.7) + (0.95 - 0.9)) / 2, m.Forgetting, 9);
        var json = JsonSerializer.Serialize(m);
        Assert.Contains("BackwardTransfer", json);
    }

    [Fact]
    public void RecurringTaskUsesItsLastSegmentForBackwardTransfer()
    {
        double[][] r = [[0.9, 0.0], [0.5, 0.9], [0.95, 0.8]];
        var m = TransferMetrics.Compute(r, [0, 1, 0], [0.5, 0.5]);
        Assert.Equal(0.8 - 0.9, m.BackwardTransfer, 9);
        Assert.Equal(0.9 - 0.8, m.Forgetting, 9);
        Assert.Throws<ArgumentException>(() => TransferMetrics.Compute(r, [0, 1], [0.5, 0.5]));
    }

    [Fact]
    public void ExpertTaskTallyMapsByMajorityAndCountsMergedExperts()
    {
        var t = new ExpertTaskTally();
        t.Add(0, 0, 100);
        t.Add(0, 1, 5);
        t.Add(1, 2, 60);
        t.Add(1, 3, 40);
        Assert.Equal(new Dictionary<int, int> { [0] = 0, [1] = 2 }, t.TaskOfExpert());
        Assert.Equal(1, t.ExpertOfTask()[3]);
        Assert.Equal(1, t.MergedExperts());
    }
}
