namespace ContinualCluster.Learning.Metrics;

/// <summary>Counts which true task each expert was trained on, to map experts to tasks for evaluation (majority vote).</summary>
public sealed class ExpertTaskTally
{
    private readonly Dictionary<(int Expert, int Task), long> _counts = new();

    /// <summary>Records that <paramref name="samples"/> samples of task <paramref name="task"/> trained expert <paramref name="expert"/>.</summary>
    public void Add(int expert, int task, long samples = 1)
    {
        _counts.TryGetValue((expert, task), out var c);
        _counts[(expert, task)] = c + samples;
    }

    /// <summary>Expert → the task it saw most.</summary>
    public Dictionary<int, int> TaskOfExpert() =>
        _counts.GroupBy(kv => kv.Key.Expert)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Task).First().Key.Task);

    /// <summary>Task → the expert that saw most of it.</summary>
    public Dictionary<int, int> ExpertOfTask() =>
        _counts.GroupBy(kv => kv.Key.Task)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Expert).First().Key.Expert);

    /// <summary>How many experts were trained on more than one task for at least <paramref name="minShare"/> of their samples.</summary>
    public int MergedExperts(double minShare = 0.1) =>
        _counts.GroupBy(kv => kv.Key.Expert).Count(g =>
        {
            long total = g.Sum(kv => kv.Value);
            return g.Count(kv => kv.Value >= minShare * total) > 1;
        });
}
