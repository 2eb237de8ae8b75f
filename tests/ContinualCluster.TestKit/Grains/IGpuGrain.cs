using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>A grain placed resource-aware on gpu=true silos.</summary>
public interface IGpuGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}
