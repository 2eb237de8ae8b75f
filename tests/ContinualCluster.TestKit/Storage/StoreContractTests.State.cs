using ContinualCluster.Runtime.Storage;
using Xunit;

namespace ContinualCluster.TestKit.Storage;

public abstract partial class StoreContractTests<TFixture>
{
    [StoreFact]
    public async Task State_never_written_reads_as_null()
    {
        Assert.Null(await Fixture.State.ReadAsync(NewGrain()));
    }

    [StoreFact]
    public async Task State_write_then_read_round_trips_100_KB_and_the_etag()
    {
        var grain = NewGrain();
        var data = RandomBytes(100 * 1024);
        var etag = await Fixture.State.WriteAsync(grain, data, null);
        var read = await Fixture.State.ReadAsync(grain);
        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(data, read.Data);
    }

    [StoreFact]
    public async Task State_write_with_the_current_etag_replaces_it_and_issues_a_new_etag()
    {
        var grain = NewGrain();
        var first = await Fixture.State.WriteAsync(grain, [1, 2, 3], null);
        var second = await Fixture.State.WriteAsync(grain, [4, 5], first);
        Assert.NotEqual(first, second);
        var read = await Fixture.State.ReadAsync(grain);
        Assert.Equal(new byte[] { 4, 5 }, read!.Data);
        Assert.Equal(second, read.ETag);
    }

    [StoreFact]
    public async Task State_stale_write_throws_naming_grain_and_both_etags_and_changes_nothing()
    {
        var grain = NewGrain();
        var first = await Fixture.State.WriteAsync(grain, [1], null);
        var second = await Fixture.State.WriteAsync(grain, [2], first);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Fixture.State.WriteAsync(grain, [3], first));
        Assert.Equal(first, ex.ExpectedETag);
        Assert.Equal(second, ex.CurrentETag);
        Assert.Contains(grain.ToString(), ex.Message);
        Assert.Contains(first, ex.Message);
        Assert.Contains(second, ex.Message);
        var read = await Fixture.State.ReadAsync(grain);
        Assert.Equal(new byte[] { 2 }, read!.Data);
        Assert.Equal(second, read.ETag);
    }

    [StoreFact]
    public async Task State_first_write_fails_when_state_already_exists()
    {
        var grain = NewGrain();
        var etag = await Fixture.State.WriteAsync(grain, [1], null);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Fixture.State.WriteAsync(grain, [9], null));
        Assert.Null(ex.ExpectedETag);
        Assert.Equal(etag, ex.CurrentETag);
        Assert.Equal(new byte[] { 1 }, (await Fixture.State.ReadAsync(grain))!.Data);
    }

    [StoreFact]
    public async Task State_write_with_an_etag_fails_when_nothing_is_stored()
    {
        var grain = NewGrain();
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Fixture.State.WriteAsync(grain, [1], "no-such-etag"));
        Assert.Null(ex.CurrentETag);
        Assert.Null(await Fixture.State.ReadAsync(grain));
    }

    [StoreFact]
    public async Task State_clear_with_the_current_etag_removes_it_and_fences_the_old_etag()
    {
        var grain = NewGrain();
        var etag = await Fixture.State.WriteAsync(grain, [1, 2], null);
        await Fixture.State.ClearAsync(grain, etag);
        Assert.Null(await Fixture.State.ReadAsync(grain));
        // A zombie that still holds the old ETag cannot resurrect the state.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Fixture.State.WriteAsync(grain, [7], etag));
        Assert.Null(await Fixture.State.ReadAsync(grain));
        var fresh = await Fixture.State.WriteAsync(grain, [3], null);
        Assert.NotEqual(etag, fresh);
    }

    [StoreFact]
    public async Task State_clear_with_a_stale_etag_throws_and_keeps_the_state()
    {
        var grain = NewGrain();
        var first = await Fixture.State.WriteAsync(grain, [1], null);
        var second = await Fixture.State.WriteAsync(grain, [2], first);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Fixture.State.ClearAsync(grain, first));
        Assert.Equal(second, ex.CurrentETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Fixture.State.ClearAsync(grain, null));
        Assert.Equal(second, (await Fixture.State.ReadAsync(grain))!.ETag);
    }

    [StoreFact]
    public async Task State_clear_of_nothing_with_no_etag_is_a_no_op()
    {
        var grain = NewGrain();
        await Fixture.State.ClearAsync(grain, null);
        Assert.Null(await Fixture.State.ReadAsync(grain));
    }

    [StoreFact]
    public async Task State_parallel_conditional_writes_from_one_etag_have_exactly_one_winner()
    {
        var grain = NewGrain();
        var start = await Fixture.State.WriteAsync(grain, [0], null);
        var outcomes = await RunTogetherAsync(Parallelism, async i =>
        {
            try { return (Winner: true, ETag: await Fixture.State.WriteAsync(grain, [(byte)(i + 1)], start)); }
            catch (InconsistentStateException) { return (Winner: false, ETag: ""); }
        });
        var winner = Assert.Single(outcomes, o => o.Winner);
        var read = await Fixture.State.ReadAsync(grain);
        Assert.Equal(winner.ETag, read!.ETag);
    }

    [StoreFact]
    public async Task State_parallel_first_writes_have_exactly_one_winner()
    {
        var grain = NewGrain();
        var outcomes = await RunTogetherAsync(Parallelism, async i =>
        {
            try { return (Winner: true, Value: (byte)i, ETag: await Fixture.State.WriteAsync(grain, [(byte)i], null)); }
            catch (InconsistentStateException) { return (Winner: false, Value: (byte)0, ETag: ""); }
        });
        var winner = Assert.Single(outcomes, o => o.Winner);
        var read = await Fixture.State.ReadAsync(grain);
        Assert.Equal(winner.ETag, read!.ETag);
        Assert.Equal(new[] { winner.Value }, read.Data);
    }
}
