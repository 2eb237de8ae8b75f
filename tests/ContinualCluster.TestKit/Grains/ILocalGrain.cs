using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>A grain with prefer-local placement.</summary>
public interface ILocalGrain : IGrainWithStringKey
{
    Task<string> WhereAsync();
}
