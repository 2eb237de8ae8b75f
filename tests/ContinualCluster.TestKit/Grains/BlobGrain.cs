using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Implements <see cref="IBlobGrain"/>: state is the raw bytes, read on activation.</summary>
public sealed class BlobGrain : Grain<byte[]>, IBlobGrain
{
    public Task SetAsync(byte[] data)
    {
        State = data;
        return WriteStateAsync();
    }

    public Task<int> SizeAsync() => Task.FromResult(State.Length);
}
