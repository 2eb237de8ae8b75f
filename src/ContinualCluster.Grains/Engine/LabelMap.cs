namespace ContinualCluster.Grains.Engine;

/// <summary>Per expert and within-task label, counts of the global classes seen, to map an expert's answer back to a global class.</summary>
public sealed class LabelMap
{
    private readonly Dictionary<(int Expert, int Local), Dictionary<int, long>> _counts = new();
    private readonly object _gate = new();
    private readonly int _classesPerTask;

    public LabelMap(int classesPerTask) => _classesPerTask = classesPerTask;

    public int Local(int global) => global % _classesPerTask;

    public void Observe(int expert, int global)
    {
        lock (_gate)
        {
            var key = (expert, Local(global));
            if (!_counts.TryGetValue(key, out var d)) _counts[key] = d = new();
            d[global] = d.GetValueOrDefault(global) + 1;
        }
    }

    /// <summary>The global class most often seen under (expert, local); the local label itself when unknown.</summary>
    public int Global(int expert, int local)
    {
        lock (_gate)
            return _counts.TryGetValue((expert, local), out var d) && d.Count > 0 ? d.MaxBy(kv => kv.Value).Key : local;
    }
}
