using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>A reentrant probe: calls interleave at awaits but never run on two threads at once.</summary>
[Reentrant]
public sealed class ReentrantProbeGrain : ProbeGrain, IReentrantProbeGrain
{
}
