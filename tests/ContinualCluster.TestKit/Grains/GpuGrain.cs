using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Implements <see cref="IGpuGrain"/> with resource-aware placement on gpu=true.</summary>
[ResourceAwarePlacement("gpu=true")]
public sealed class GpuGrain : Grain, IGpuGrain
{
    public Task<string> WhereAsync() => Task.FromResult(SiloId);
}
