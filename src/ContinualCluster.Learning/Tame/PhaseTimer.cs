using System.Diagnostics;

namespace ContinualCluster.Learning.Tame;

/// <summary>Accumulates the wall time and the process CPU time (all threads) of the intervals between <see cref="Start"/> and <see cref="Stop"/>.
/// On a shared machine CPU time is the better estimate of the time a quiet machine would take (single-threaded torch).</summary>
public sealed class PhaseTimer
{
    private readonly Stopwatch _wall = new();
    private TimeSpan _cpuStart;

    public double WallSeconds => _wall.Elapsed.TotalSeconds;

    public double CpuSeconds { get; private set; }

    public void Start()
    {
        _cpuStart = ProcessCpu();
        _wall.Start();
    }

    public void Stop()
    {
        _wall.Stop();
        CpuSeconds += (ProcessCpu() - _cpuStart).TotalSeconds;
    }

    /// <summary>CPU time (user + system) of this process so far.</summary>
    public static TimeSpan ProcessCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }
}
