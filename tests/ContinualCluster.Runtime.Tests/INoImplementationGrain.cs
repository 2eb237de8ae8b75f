namespace ContinualCluster.Runtime.Tests;

/// <summary>A grain interface no class implements: calls must fail with a clear error.</summary>
public interface INoImplementationGrain : IGrainWithStringKey
{
    Task NothingAsync();
}
