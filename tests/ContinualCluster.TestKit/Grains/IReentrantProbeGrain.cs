using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>The probe over a [Reentrant] grain class.</summary>
public interface IReentrantProbeGrain : IProbeGrain
{
}
