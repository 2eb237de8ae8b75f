using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>The cheapest possible grain call, for benchmarks and transport tests.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> PingAsync(int value);

    Task<byte[]> EchoAsync(byte[] payload);

    Task FailAsync(string message);

    Task<string> WhereAsync();

    /// <summary>Throws before returning a task: ArgumentException, or FormatException (a type no codec maps) when <paramref name="unmapped"/>.</summary>
    Task<int> FailBeforeTaskAsync(string message, bool unmapped);

    /// <summary>Waits until cancelled (or 30 s) and reports whether the token fired.</summary>
    Task<bool> WaitForCancelAsync(CancellationToken cancellationToken);
}
