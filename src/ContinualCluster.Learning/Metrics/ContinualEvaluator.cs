using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Metrics;

/// <summary>Measures a multi-expert learner on a scenario's test sets: task-aware accuracy per task (a row of R) and task-agnostic routed accuracy.</summary>
public static class ContinualEvaluator
{
    /// <summary>Accuracy on each task's test set with the expert that learned it (or <paramref name="fallbackExpert"/> for a task no expert has seen yet).</summary>
    public static double[] TaskAwareRow(IRoutedClassifier model, ContinualScenario scenario, IReadOnlyDictionary<int, int> expertOfTask,
        int fallbackExpert, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenario);
        var row = new double[scenario.Tasks.Count];
        for (int t = 0; t < row.Length; t++)
        {
            int expert = expertOfTask.TryGetValue(t, out var e) ? e : fallbackExpert;
            long correct = 0, total = 0;
            foreach (var batch in scenario.TestBatches(t, batchSize))
            {
                var pred = model.PredictWithExpert(expert, batch.Batch);
                for (int i = 0; i < pred.Length; i++) correct += pred[i] == batch.Batch.Labels[i] ? 1 : 0;
                total += pred.Length;
            }
            row[t] = total == 0 ? 0 : (double)correct / total;
        }
        return row;
    }

    /// <summary>Routes every test sample of every task without its task id; <paramref name="taskOfExpert"/> maps experts back to tasks for the class-incremental and routing figures.</summary>
    public static RoutedAccuracy Routed(IRoutedClassifier model, ContinualScenario scenario, IReadOnlyDictionary<int, int> taskOfExpert,
        IReadOnlyCollection<int>? tasks = null, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenario);
        int n = scenario.Tasks.Count;
        var within = new long[n];
        var classInc = new long[n];
        var routing = new long[n];
        var totals = new long[n];
        foreach (int t in tasks ?? scenario.Schedule.Distinct().ToArray())
        {
            foreach (var batch in scenario.TestBatches(t, batchSize))
            {
                var preds = model.PredictRouted(batch.Batch);
                for (int i = 0; i < preds.Count; i++)
                {
                    var p = preds[i];
                    totals[t]++;
                    if (p.Label == batch.Batch.Labels[i]) within[t]++;
                    if (!taskOfExpert.TryGetValue(p.Expert, out var routedTask)) continue;
                    if (routedTask == t) routing[t]++;
                    var classes = scenario.Tasks[routedTask].Classes;
                    if ((uint)p.Label < (uint)classes.Length && classes[p.Label] == batch.GlobalLabels[i]) classInc[t]++;
                }
            }
        }
        long all = totals.Sum();
        double Frac(long[] c) => all == 0 ? 0 : (double)c.Sum() / all;
        double[] Per(long[] c) => c.Select((v, t) => totals[t] == 0 ? 0 : (double)v / totals[t]).ToArray();
        return new RoutedAccuracy(Frac(within), Frac(classInc), Frac(routing), Per(within), Per(classInc), Per(routing), (int)all);
    }
}
