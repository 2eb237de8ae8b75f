using ContinualCluster.Runtime.Storage;
using Xunit;

namespace ContinualCluster.TestKit.Storage;

/// <summary>
/// The contract every store implementation must meet (state, membership, directory, request log, audit log). A
/// concrete test class per store derives from it with its fixture; the same tests run against every store.
/// </summary>
public abstract partial class StoreContractTests<TFixture> : IClassFixture<TFixture>
    where TFixture : class, IStoreFixture
{
    /// <summary>How many callers the concurrency tests start at once.</summary>
    protected const int Parallelism = 16;

    protected StoreContractTests(TFixture fixture) => Fixture = fixture;

    protected TFixture Fixture { get; }

    /// <summary>A grain id no other test uses (tests of one class share the fixture's database).</summary>
    protected static GrainId NewGrain(string type = "contract.grain") => new(type, Guid.NewGuid().ToString("N"));

    protected static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A time with the microsecond precision every store keeps.</summary>
    protected static DateTimeOffset Micros(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    protected static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Starts <paramref name="count"/> calls at once (behind one gate) and waits for all of them.</summary>
    protected static async Task<T[]> RunTogetherAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await call(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
