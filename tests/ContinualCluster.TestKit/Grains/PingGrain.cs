using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Implements <see cref="IPingGrain"/>.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);

    public Task<byte[]> EchoAsync(byte[] payload) => Task.FromResult(payload);

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public Task<string> WhereAsync() => Task.FromResult(SiloId);

    public Task<int> FailBeforeTaskAsync(string message, bool unmapped) =>
        unmapped ? throw new FormatException(message) : throw new ArgumentException(message);

    public async Task<bool> WaitForCancelAsync(CancellationToken cancellationToken)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken); return false; }
        catch (OperationCanceledException) { return true; }
    }
}
