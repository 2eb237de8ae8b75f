using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Implements <see cref="ILocalGrain"/> with prefer-local placement.</summary>
[PreferLocalPlacement]
public sealed class LocalGrain : Grain, ILocalGrain
{
    public Task<string> WhereAsync() => Task.FromResult(SiloId);
}
