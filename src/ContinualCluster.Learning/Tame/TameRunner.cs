using System.Diagnostics;
using ContinualCluster.Learning.Metrics;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Tame;

/// <summary>Drives a <see cref="TameLearner"/> through a whole scenario batch by batch and measures it: switches against the true boundaries,
/// the accuracy matrix and transfer, routed (task-agnostic) accuracy, parameters and time.</summary>
public static class TameRunner
{
    public static TameRunReport Run(ContinualScenario scenario, TameOptions options, IClassifierFactory experts,
        IClassifierFactory? selector = null, TameRunOptions? run = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        run ??= new TameRunOptions();
        run.Validate();
        if (options.ClassesPerTask != scenario.ClassesPerTask)
            throw new ArgumentException($"TameOptions.ClassesPerTask ({options.ClassesPerTask}) differs from the scenario's {scenario.ClassesPerTask}.");
        var total = Stopwatch.StartNew();
        using var learner = new TameLearner(options, experts, selector);
        var tally = new ExpertTaskTally();
        var segOfSeq = new Dictionary<long, (int Task, int Segment)>();
        var detected = new List<int>();
        var msFirst = new List<double>();
        var msLast = new List<double>();
        var rows = new List<double[]>();
        int rejected = 0, lastSegment = scenario.Schedule.Count - 1;
        long scored = 0;
        double trainSeconds = 0, evalSeconds = 0;
        var clock = new Stopwatch();
        foreach (var sb in scenario.Batches())
        {
            segOfSeq[learner.BatchesObserved] = (sb.Truth.TaskId, sb.Truth.Segment);
            clock.Restart();
            var decision = learner.ObserveBatch(sb.Batch);
            clock.Stop();
            trainSeconds += clock.Elapsed.TotalSeconds;
            if (sb.Truth.Segment == 0) msFirst.Add(clock.Elapsed.TotalMilliseconds);
            if (sb.Truth.Segment == lastSegment) msLast.Add(clock.Elapsed.TotalMilliseconds);
            scored += decision.ExpertsScored;
            if (decision.Switched && decision.PreviousExpert is not null) detected.Add(sb.Index);
            if (decision.Switch == SwitchKind.Rejected) rejected++;
            foreach (var a in decision.Assignments) tally.Add(a.Expert, segOfSeq[a.Sequence].Task, a.SampleIds.Length);
            run.Progress?.Invoke(sb.Index, decision);
            bool segmentEnds = sb.Index + 1 == scenario.BatchCount || scenario.BatchSegments[sb.Index + 1] != sb.Truth.Segment;
            if (segmentEnds && (run.AccuracyMatrix || sb.Index + 1 == scenario.BatchCount))
            {
                clock.Restart();
                if (sb.Index + 1 == scenario.BatchCount && learner.Flush() is { } flushed)
                    foreach (var a in flushed.Assignments) tally.Add(a.Expert, segOfSeq[a.Sequence].Task, a.SampleIds.Length);
                rows.Add(ContinualEvaluator.TaskAwareRow(learner, scenario, tally.ExpertOfTask(), learner.ActiveExpert, run.EvaluationBatchSize));
                evalSeconds += clock.Elapsed.TotalSeconds;
            }
        }
        var baseline = Baseline(scenario, experts, run.EvaluationBatchSize);
        var selectorReport = learner.TrainSelector(run.SelectorEpochs, run.SelectorFineTuneEpochs);
        var taskOfExpert = tally.TaskOfExpert();
        clock.Restart();
        var routed = ContinualEvaluator.Routed(learner, scenario, taskOfExpert, null, run.EvaluationBatchSize);
        evalSeconds += clock.Elapsed.TotalSeconds;
        long expertParams = learner.Experts.Sum(e => e.Model.TrainableParameterCount);
        IReadOnlyList<ExpertPruneReport>? pruning = null;
        RoutedAccuracy? routedPruned = null;
        double pruneSeconds = 0;
        if (run.PruneExperts)
        {
            clock.Restart();
            pruning = learner.PruneExperts(run.ExpertRetrainEpochs);
            routedPruned = ContinualEvaluator.Routed(learner, scenario, taskOfExpert, null, run.EvaluationBatchSize);
            pruneSeconds = clock.Elapsed.TotalSeconds;
        }
        var matrix = run.AccuracyMatrix ? rows.ToArray() : [];
        int early = run.EarlyTolerance ?? (scenario.Blurred ? 2 : 0);
        return new TameRunReport
        {
            Scenario = scenario.Name,
            Detection = options.Detection.ToString(),
            ExpertModel = experts.Name,
            SelectorTarget = options.SelectorTarget.ToString(),
            Batches = scenario.BatchCount,
            Tasks = scenario.Tasks.Count,
            Segments = scenario.Schedule.Count,
            Experts = learner.ExpertCount,
            MergedExperts = tally.MergedExperts(),
            Reuses = learner.Experts.Sum(e => e.Reuses),
            RejectedSuspicions = rejected,
            TaskOfExpert = taskOfExpert,
            Switches = SwitchEvaluation.Evaluate(scenario.BoundaryBatches, detected, run.LateTolerance, early),
            AccuracyMatrix = matrix,
            UntrainedBaseline = baseline,
            Transfer = matrix.Length == scenario.Schedule.Count
                ? TransferMetrics.Compute(matrix, scenario.Schedule, baseline)
                : new TransferMetrics(rows[^1].Average(), 0, 0, 0),
            Routed = routed,
            Selector = selectorReport,
            ExpertParameters = expertParams,
            SelectorParameters = selectorReport.Parameters,
            SelectorNonZeroParameters = selectorReport.NonZeroParametersAfterPruning,
            ExpertPruning = pruning,
            RoutedAfterExpertPruning = routedPruned,
            ExpertNonZeroParametersAfterPruning = pruning?.Sum(p => p.NonZeroParametersAfter),
            MeanScoredExpertsPerBatch = (double)scored / Math.Max(1, scenario.BatchCount),
            MedianMsPerBatchOneExpert = Median(msFirst),
            MedianMsPerBatchLastSegment = Median(msLast),
            TrainSeconds = trainSeconds,
            SelectorSeconds = selectorReport.Seconds,
            EvaluationSeconds = evalSeconds,
            PruningSeconds = pruneSeconds,
            TotalSeconds = total.Elapsed.TotalSeconds,
        };
    }

    /// <summary>Accuracy of a freshly initialised expert on each task (the b_j of forward transfer).</summary>
    private static double[] Baseline(ContinualScenario scenario, IClassifierFactory factory, int batchSize)
    {
        using var fresh = factory.Create(scenario.ClassesPerTask, new OptimizerSettings());
        return scenario.Tasks.Select(t =>
        {
            long ok = 0, n = 0;
            foreach (var b in scenario.TestBatches(t.Id, batchSize))
            {
                var p = fresh.Predict(b.Batch);
                ok += p.Where((v, i) => v == b.Batch.Labels[i]).Count();
                n += p.Length;
            }
            return n == 0 ? 0 : (double)ok / n;
        }).ToArray();
    }

    private static double Median(List<double> xs)
    {
        if (xs.Count == 0) return 0;
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
