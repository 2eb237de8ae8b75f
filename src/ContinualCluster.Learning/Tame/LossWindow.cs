namespace ContinualCluster.Learning.Tame;

/// <summary>A fixed-length window of recent values with TAME's threshold mean + k·max(std, floor) (population std, as numpy's).</summary>
public sealed class LossWindow
{
    private readonly Queue<double> _values = new();

    /// <summary>Creates a window of at most <paramref name="capacity"/> values, optionally seeded (TAME seeds with ln C).</summary>
    public LossWindow(int capacity, double? seed = null)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "window capacity must be at least 1.");
        Capacity = capacity;
        if (seed is { } s) Push(s);
    }

    public int Capacity { get; }

    public int Count => _values.Count;

    public IEnumerable<double> Values => _values;

    public void Push(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException("window value is NaN.", nameof(value));
        _values.Enqueue(value);
        while (_values.Count > Capacity) _values.Dequeue();
    }

    public double Mean => _values.Count == 0 ? double.NaN : _values.Average();

    public double Std
    {
        get
        {
            if (_values.Count == 0) return double.NaN;
            double m = Mean;
            return Math.Sqrt(_values.Sum(v => (v - m) * (v - m)) / _values.Count);
        }
    }

    /// <summary>mean + <paramref name="sigmas"/>·max(std, <paramref name="minStd"/>); +∞ when empty.</summary>
    public double Threshold(double sigmas, double minStd) =>
        _values.Count == 0 ? double.PositiveInfinity : Mean + sigmas * Math.Max(Std, minStd);
}
