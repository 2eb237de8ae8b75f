namespace ContinualCluster.Bench.Runtime;

/// <summary>What the GC did during a measured window: collections per generation, total pause and bytes allocated.</summary>
internal readonly struct GcWindow
{
    private readonly int _gen0, _gen1, _gen2;
    private readonly TimeSpan _pause;
    private readonly long _allocated;

    private GcWindow(int gen0, int gen1, int gen2, TimeSpan pause, long allocated)
    {
        _gen0 = gen0;
        _gen1 = gen1;
        _gen2 = gen2;
        _pause = pause;
        _allocated = allocated;
    }

    public static GcWindow Start() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: false));

    /// <summary>A one-line summary since <see cref="Start"/>, with allocation per operation.</summary>
    public string Describe(long operations)
    {
        var now = Start();
        long bytes = now._allocated - _allocated;
        return $"{bytes / Math.Max(1, operations)} B allocated per call; GCs gen0/1/2 {now._gen0 - _gen0}/{now._gen1 - _gen1}/{now._gen2 - _gen2}, " +
               $"paused {(now._pause - _pause).TotalMilliseconds:0.0} ms in all; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";
    }
}
