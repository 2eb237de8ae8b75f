namespace ContinualCluster.Runtime;

/// <summary>Creates references to grains; a reference is cheap and valid whether or not the grain is active.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with <paramref name="key"/>.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
