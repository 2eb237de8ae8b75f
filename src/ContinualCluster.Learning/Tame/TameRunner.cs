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
        var total = new PhaseTimer();
        var train = new PhaseTimer();
        var eval = new PhaseTimer();
        var selectorTime = new PhaseTimer();
        var pruneTime = new PhaseTimer();
        total.Start();
        using var learner = new TameLearner(options, experts, selector);
        var tally = new ExpertTaskTally();
        var segOfSeq = new Dictionary<long, (int Task, int Segment)>();
        var detected = new List<int>();
        var latencies = new List<int>();
        var msFirst = new List<double>();
        var msLast = new List<double>();
        var rows = new List<double[]>();
        int rejected = 0, lastSegment = scenario.Schedule.Count - 1;
        long scored = 0;
        var clock = new Stopwatch();
        train.Start();
        foreach (var sb in scenario.Batches())
        {
            segOfSeq[learner.BatchesObserved] = (sb.Truth.TaskId, sb.Truth.Segment);
            clock.Restart();
            var decision = learner.ObserveBatch(sb.Batch);
            clock.Stop();
            if (sb.Truth.Segment == 0) msFirst.Add(clock.Elapsed.TotalMilliseconds);
            if (sb.Truth.Segment == lastSegment) msLast.Add(clock.Elapsed.TotalMilliseconds);
            scored += decision.ExpertsScored;
            if (decision.Switched && decision.PreviousExpert is not null)
            {
                // The switch point is the first batch the new expert trained on (a held batch goes to it, not to the old expert);
                // the decision latency is how many batches later the switch was decided.
                int point = (int)decision.Assignments[0].Sequence;
                detected.Add(point);
                latencies.Add(sb.Index - point);
            }
            if (decision.Switch == SwitchKind.Rejected) rejected++;
            foreach (var a in decision.Assignments) tally.Add(a.Expert, segOfSeq[a.Sequence].Task, a.SampleIds.Length);
            run.Progress?.Invoke(sb.Index, decision);
            bool segmentEnds = sb.Index + 1 == scenario.BatchCount || scenario.BatchSegments[sb.Index + 1] != sb.Truth.Segment;
            if (segmentEnds && sb.Index + 1 == scenario.BatchCount && learner.Flush() is { } flushed)
                foreach (var a in flushed.Assignments) tally.Add(a.Expert, segOfSeq[a.Sequence].Task, a.SampleIds.Length);
            if (segmentEnds && (run.AccuracyMatrix || sb.Index + 1 == scenario.BatchCount))
            {
                train.Stop();
                eval.Start();
                rows.Add(ContinualEvaluator.TaskAwareRow(learner, scenario, tally.ExpertOfTask(), learner.ActiveExpert, run.EvaluationBatchSize));
                eval.Stop();
                train.Start();
            }
        }
        train.Stop();
        eval.Start();
        var baseline = Baseline(scenario, experts, run.EvaluationBatchSize);
        eval.Stop();
        selectorTime.Start();
        var selectorReport = learner.TrainSelector(run.SelectorEpochs, run.SelectorFineTuneEpochs);
        selectorTime.Stop();
        var taskOfExpert = tally.TaskOfExpert();
        eval.Start();
        var routed = ContinualEvaluator.Routed(learner, scenario, taskOfExpert, null, run.EvaluationBatchSize);
        eval.Stop();
        total.Stop();
        long expertParams = learner.Experts.Sum(e => e.Model.TrainableParameterCount);
        IReadOnlyList<ExpertPruneReport>? pruning = null;
        RoutedAccuracy? routedPruned = null;
        if (run.PruneExperts)
        {
            pruneTime.Start();
            pruning = learner.PruneExperts(run.ExpertRetrainEpochs);
            routedPruned = ContinualEvaluator.Routed(learner, scenario, taskOfExpert, null, run.EvaluationBatchSize);
            pruneTime.Stop();
        }
        // Last, outside the whole-run time: the probe trains the learner further, so it must not influence the figures above.
        var probe = run.CostProbeBatches > 0 ? CostProbe(scenario, learner, options, experts, selector, run.CostProbeBatches) : ((double, double)?)null;
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
            DecisionLatencies = latencies.ToArray(),
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
            ProbeMsOneExpert = probe?.Item1,
            ProbeMsAllExperts = probe?.Item2,
            TrainSeconds = train.WallSeconds,
            SelectorSeconds = selectorTime.WallSeconds,
            EvaluationSeconds = eval.WallSeconds,
            PruningSeconds = pruneTime.WallSeconds,
            TotalSeconds = total.WallSeconds,
            TrainCpuSeconds = train.CpuSeconds,
            SelectorCpuSeconds = selectorTime.CpuSeconds,
            EvaluationCpuSeconds = eval.CpuSeconds,
            PruningCpuSeconds = pruneTime.CpuSeconds,
            TotalCpuSeconds = total.CpuSeconds,
        };
    }

    /// <summary>Alternates batches between a fresh one-expert learner (first segment's data, after a short warm-up) and the trained learner
    /// (last segment's data) and returns the median milliseconds per ObserveBatch of each.</summary>
    private static (double One, double All) CostProbe(ContinualScenario scenario, TameLearner trained, TameOptions options,
        IClassifierFactory experts, IClassifierFactory? selector, int batches)
    {
        var first = Enumerable.Range(0, scenario.BatchCount).Where(i => scenario.BatchSegments[i] == 0).ToList();
        var last = Enumerable.Range(0, scenario.BatchCount).Where(i => scenario.BatchSegments[i] == scenario.Schedule.Count - 1).ToList();
        using var fresh = new TameLearner(options, experts, selector);
        int warm = Math.Min(10, first.Count / 2);
        foreach (var i in first.Take(warm)) fresh.ObserveBatch(scenario.GetBatch(i).Batch);
        var one = new List<double>();
        var all = new List<double>();
        var clock = new Stopwatch();
        for (int k = 0; k < batches; k++)
        {
            var a = scenario.GetBatch(first[warm + k % (first.Count - warm)]).Batch;
            var b = scenario.GetBatch(last[k % last.Count]).Batch;
            clock.Restart();
            fresh.ObserveBatch(a);
            one.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            trained.ObserveBatch(b);
            all.Add(clock.Elapsed.TotalMilliseconds);
        }
        fresh.Flush();
        trained.Flush();
        return (Median(one), Median(all));
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
