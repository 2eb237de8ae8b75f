using System.Text;
using ContinualCluster.Runtime.Storage;
using Xunit;

namespace ContinualCluster.TestKit.Storage;

public abstract partial class StoreContractTests<TFixture>
{
    [StoreFact]
    public async Task Requests_append_numbers_rows_from_one_and_a_repeat_returns_the_original()
    {
        var log = NewName("log");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var a = await Fixture.Requests.AppendAsync(log, "req-a", "deletion", Encoding.UTF8.GetBytes("sample 1"));
        var b = await Fixture.Requests.AppendAsync(log, "req-b", "deletion", Encoding.UTF8.GetBytes("sample 2"));
        Assert.True(a.Added);
        Assert.Equal(1, a.Request.Sequence);
        Assert.Equal(2, b.Request.Sequence);
        Assert.InRange(a.Request.AppendedAt, before, DateTimeOffset.UtcNow.AddMinutes(1));

        var again = await Fixture.Requests.AppendAsync(log, "req-a", "other-kind", Encoding.UTF8.GetBytes("different"));
        Assert.False(again.Added);
        Assert.Equal(1, again.Request.Sequence);
        Assert.Equal("deletion", again.Request.Kind);
        Assert.Equal("sample 1", Encoding.UTF8.GetString(again.Request.Payload));
        Assert.Equal(2, (await Fixture.Requests.ReadAsync(log, 0, 100)).Count);
    }

    [StoreFact]
    public async Task Requests_find_returns_the_row_or_null()
    {
        var log = NewName("log");
        await Fixture.Requests.AppendAsync(log, "r1", "unlearn", [1, 2, 3]);
        var found = await Fixture.Requests.FindAsync(log, "r1");
        Assert.NotNull(found);
        Assert.Equal(("r1", 1L, "unlearn"), (found.RequestId, found.Sequence, found.Kind));
        Assert.Equal(new byte[] { 1, 2, 3 }, found.Payload);
        Assert.Null(await Fixture.Requests.FindAsync(log, "r2"));
        Assert.Null(await Fixture.Requests.FindAsync(NewName("other"), "r1"));
    }

    [StoreFact]
    public async Task Requests_read_pages_in_sequence_order_after_a_position()
    {
        var log = NewName("log");
        for (int i = 1; i <= 7; i++) await Fixture.Requests.AppendAsync(log, $"r{i}", "batch", [(byte)i]);
        var page = await Fixture.Requests.ReadAsync(log, 2, 3);
        Assert.Equal(new long[] { 3, 4, 5 }, page.Select(r => r.Sequence));
        Assert.Equal(new[] { "r3", "r4", "r5" }, page.Select(r => r.RequestId));
        Assert.Equal(new long[] { 6, 7 }, (await Fixture.Requests.ReadAsync(log, 5, 100)).Select(r => r.Sequence));
        Assert.Empty(await Fixture.Requests.ReadAsync(log, 7, 100));
    }

    [StoreFact]
    public async Task Requests_logs_number_independently()
    {
        var x = NewName("x");
        var y = NewName("y");
        await Fixture.Requests.AppendAsync(x, "same-id", "k", [1]);
        var inY = await Fixture.Requests.AppendAsync(y, "same-id", "k", [2]);
        Assert.True(inY.Added);
        Assert.Equal(1, inY.Request.Sequence);
    }

    [StoreFact]
    public async Task Requests_parallel_appends_of_one_id_add_exactly_one_row()
    {
        var log = NewName("log");
        var results = await RunTogetherAsync(Parallelism, i => Fixture.Requests.AppendAsync(log, "once", "deletion", [(byte)i]));
        var added = Assert.Single(results, r => r.Added);
        Assert.All(results, r => Assert.Equal(added.Request.Payload, r.Request.Payload));
        Assert.All(results, r => Assert.Equal(1, r.Request.Sequence));
        Assert.Single(await Fixture.Requests.ReadAsync(log, 0, 100));
    }

    [StoreFact]
    public async Task Requests_parallel_appends_of_distinct_ids_get_sequences_without_gaps()
    {
        var log = NewName("log");
        var results = await RunTogetherAsync(Parallelism * 2, i => Fixture.Requests.AppendAsync(log, $"r{i}", "batch", [(byte)i]));
        Assert.All(results, r => Assert.True(r.Added));
        Assert.Equal(Enumerable.Range(1, Parallelism * 2).Select(i => (long)i), results.Select(r => r.Request.Sequence).Order());
        var rows = await Fixture.Requests.ReadAsync(log, 0, 1000);
        Assert.Equal(results.Select(r => r.Request.RequestId).Order(), rows.Select(r => r.RequestId).Order());
    }

    [StoreFact]
    public async Task Requests_a_reader_paging_by_sequence_during_parallel_appends_misses_no_row()
    {
        // A row may only become visible after every row before it: a reader that resumes after the highest sequence
        // it has seen would otherwise skip a lower one committed later (recovery and replay page the logs this way).
        var log = NewName("log");
        int total = Parallelism * 4;
        var seen = new List<LoggedRequest>();
        long after = 0;
        var appending = RunTogetherAsync(total, i => Fixture.Requests.AppendAsync(log, $"r{i}", "batch", [(byte)i]));
        while (true)
        {
            bool finished = appending.IsCompleted;   // read before the page: every append had committed when it was read
            var page = await Fixture.Requests.ReadAsync(log, after, 1000);
            seen.AddRange(page);
            if (page.Count > 0) after = page[^1].Sequence;
            else if (finished) break;
        }
        await appending;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seen.Select(r => r.Sequence));
    }

    [StoreFact]
    public async Task Requests_reject_an_empty_request_id_and_add_nothing()
    {
        var log = NewName("log");
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Fixture.Requests.AppendAsync(log, "", "deletion", [1]));
        Assert.Empty(await Fixture.Requests.ReadAsync(log, 0, 10));
    }
}
