using ContinualCluster.Grains.Engine;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>At most <see cref="ServingSlots.Count"/> predictions compute at once; the count is fixed once predictions have run.</summary>
public sealed class ServingSlotsTests
{
    [Fact]
    public async Task No_more_predictions_compute_at_once_than_there_are_slots_and_all_of_them_finish()
    {
        int running = 0, most = 0;
        var tasks = Enumerable.Range(0, 4 * ServingSlots.Count + 3).Select(i => Task.Run(() => ServingSlots.RunAsync(() =>
        {
            int now = Interlocked.Increment(ref running);
            int seen;
            while ((seen = Volatile.Read(ref most)) < now && Interlocked.CompareExchange(ref most, now, seen) != seen) { }
            Thread.Sleep(20);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None))).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(Enumerable.Range(0, tasks.Length), results.Order());
        Assert.InRange(most, 1, ServingSlots.Count);
    }

    [Fact]
    public async Task The_count_cannot_change_once_predictions_have_run_and_must_be_positive()
    {
        await ServingSlots.RunAsync(() => 0, CancellationToken.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => ServingSlots.Count = 0);
        int count = ServingSlots.Count;
        ServingSlots.Count = count;   // the same count is accepted
        var e = Assert.Throws<InvalidOperationException>(() => ServingSlots.Count = count + 1);
        Assert.Contains("before the first prediction", e.Message);
        Assert.Equal(count, ServingSlots.Count);
    }
}
