using ContinualCluster.Learning.Metrics;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Learning.Tests.Tame;

[Collection("torch")]
public sealed class SwitchDetectionTests
{
    [Fact]
    public void RobustDetectionFindsEveryBoundaryOfAThreeTaskStreamWithinOneBatch()
    {
        var sc = TameStreams.Split(3);
        using var learner = TameStreams.Learner();
        var decisions = TameStreams.Observe(learner, sc.Batches());
        var eval = SwitchEvaluation.Evaluate(sc.BoundaryBatches, TameStreams.Switches(decisions));
        Assert.Equal(0, eval.MissedBoundaries);
        Assert.Equal(0, eval.FalseSwitches);
        Assert.InRange(eval.MaxDelay, 0, 1);
        Assert.Equal(3, learner.ExpertCount);
        // every batch ends up assigned to exactly one expert, and each task's batches to its own expert
        var assigned = decisions.SelectMany(d => d.Decision.Assignments).ToList();
        Assert.Equal(sc.BatchCount, assigned.Count + (learner.HasPending ? 1 : 0));
        var batches = sc.Batches().ToList();
        Assert.All(assigned, a => Assert.Equal(batches[(int)a.Sequence].Truth.TaskId, a.Expert));
    }

    [Fact]
    public void ClassicDetectionScoresEveryExpertWhileRobustScoresOnlyTheActiveOne()
    {
        var sc = TameStreams.Split(3);
        using var classic = TameStreams.Learner(TameStreams.Options(TameDetection.Classic));
        using var robust = TameStreams.Learner();
        var c = TameStreams.Observe(classic, sc.Batches());
        var r = TameStreams.Observe(robust, sc.Batches());
        var lastTask = sc.BatchSegments.Select((s, i) => (s, i)).Where(p => p.s == 2).Select(p => p.i).Skip(3).ToHashSet();
        Assert.All(c.Where(d => lastTask.Contains(d.Index)), d => Assert.Equal(classic.ExpertCount, d.Decision.ExpertsScored));
        Assert.All(r.Where(d => lastTask.Contains(d.Index) && d.Decision.Switch == SwitchKind.None && !d.Decision.Pending),
            d => Assert.Equal(1, d.Decision.ExpertsScored));
        Assert.Equal(0, SwitchEvaluation.Evaluate(sc.BoundaryBatches, TameStreams.Switches(c)).MissedBoundaries);
    }

    [Fact]
    public void ARecurringTaskReusesItsExpert()
    {
        var sc = TameStreams.Split(4, schedule: [0, 1, 2, 1, 3]);
        using var learner = TameStreams.Learner();
        var decisions = TameStreams.Observe(learner, sc.Batches());
        Assert.Equal(4, learner.ExpertCount);
        var reuse = Assert.Single(decisions, d => d.Decision.Switch == SwitchKind.Reused);
        Assert.Equal(1, reuse.Decision.ActiveExpert);
        Assert.InRange(reuse.Index - sc.BoundaryBatches[2], 0, 1);
        Assert.Equal(1, learner.Experts[1].Reuses);
        Assert.Equal(0, SwitchEvaluation.Evaluate(sc.BoundaryBatches, TameStreams.Switches(decisions)).FalseSwitches);
    }

    [Fact]
    public void OneNoisyBatchIsRejectedInsteadOfCausingASwitch()
    {
        var sc = TameStreams.Split(2);
        int spikeAt = sc.BoundaryBatches[0] / 2 + 5;
        var stream = sc.Batches().Select(b => b.Index == spikeAt
            ? b with { Batch = b.Batch with { Labels = b.Batch.Labels.Select(l => 1 - l).ToArray() } }
            : b).ToList();
        using var learner = TameStreams.Learner();
        var decisions = TameStreams.Observe(learner, stream);
        Assert.Equal(2, learner.ExpertCount);
        Assert.Equal([sc.BoundaryBatches[0] + 1], TameStreams.Switches(decisions));
        Assert.True(decisions[spikeAt].Decision.Pending);
        Assert.Equal(SwitchKind.Rejected, decisions[spikeAt + 1].Decision.Switch);
        Assert.Equal(2, decisions[spikeAt + 1].Decision.Assignments.Count);
    }

    [Fact]
    public void WithoutConfirmationTheSameSpikeSwitches()
    {
        var sc = TameStreams.Split(2);
        int spikeAt = sc.BoundaryBatches[0] / 2 + 5;
        var stream = sc.Batches().Select(b => b.Index == spikeAt
            ? b with { Batch = b.Batch with { Labels = b.Batch.Labels.Select(l => 1 - l).ToArray() } }
            : b).ToList();
        var options = TameStreams.Options();
        options.ConfirmSwitches = false;
        using var learner = TameStreams.Learner(options);
        var decisions = TameStreams.Observe(learner, stream);
        Assert.Contains(spikeAt, TameStreams.Switches(decisions));
    }

    [Fact]
    public void TwoConfirmationsRideOutATwoBatchExcursionThatOneConfirmationTakesForASwitch()
    {
        var sc = TameStreams.Split(2);
        int spikeAt = sc.BoundaryBatches[0] / 2 + 5;
        var stream = sc.Batches().Select(b => b.Index == spikeAt || b.Index == spikeAt + 1
            ? b with { Batch = b.Batch with { Labels = b.Batch.Labels.Select(l => 1 - l).ToArray() } }
            : b).ToList();
        using (var once = TameStreams.Learner())
            Assert.Contains(spikeAt + 1, TameStreams.Switches(TameStreams.Observe(once, stream)));

        var options = TameStreams.Options();
        options.SwitchConfirmations = 2;
        using var learner = TameStreams.Learner(options);
        var decisions = TameStreams.Observe(learner, stream);
        Assert.Equal(2, learner.ExpertCount);
        Assert.True(decisions[spikeAt].Decision.Pending && decisions[spikeAt + 1].Decision.Pending);
        Assert.Equal(SwitchKind.Rejected, decisions[spikeAt + 2].Decision.Switch);
        Assert.Equal(3, decisions[spikeAt + 2].Decision.Assignments.Count);
        // the real boundary is still found: its batch and the two confirming ones all go to the new expert
        Assert.Equal([sc.BoundaryBatches[0] + 2], TameStreams.Switches(decisions));
        var switched = decisions[sc.BoundaryBatches[0] + 2].Decision;
        Assert.Equal(sc.BoundaryBatches[0], switched.Assignments[0].Sequence);
        Assert.All(switched.Assignments, a => Assert.Equal(1, a.Expert));
        Assert.Throws<ArgumentException>(() => new TameOptions { SwitchConfirmations = 0 }.Validate());
    }

    [Fact]
    public void BatchesMustMatchTheLearnersShapeAndLabelRange()
    {
        using var learner = TameStreams.Learner();
        var batch = TameStreams.Split(1).GetBatch(0).Batch;
        Assert.Throws<ArgumentException>(() => learner.ObserveBatch(batch with { Labels = batch.Labels.Select(_ => 2).ToArray() }));
        learner.ObserveBatch(batch);
        var small = new LearnerBatch(new float[4], 2, 2, [0], ["x"], ["o"]);
        Assert.Throws<ArgumentException>(() => learner.ObserveBatch(small));
        Assert.Throws<ArgumentException>(() => new TameOptions { WindowSize = 1 }.Validate());
    }
}
