using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>A grain whose state is one byte array (for activation-with-state benchmarks).</summary>
public interface IBlobGrain : IGrainWithStringKey
{
    Task SetAsync(byte[] data);

    Task<int> SizeAsync();
}
