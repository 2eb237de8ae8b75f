using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.InMemory;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>The ledger appends before it acknowledges, recognises retries, and journals every state change.</summary>
public sealed class DeletionLedgerTests
{
    [Fact]
    public async Task A_retry_returns_the_first_entry_and_state_changes_are_journalled()
    {
        var log = new InMemoryStores().RequestLog;
        var ledger = new DeletionLedger(log, "s");
        var now = DateTimeOffset.UtcNow;
        var (entry, added) = await ledger.AcceptAsync("r1", "fp", new[] { "a", "b" }, null, now, default);
        Assert.True(added);
        Assert.Equal(DeletionState.Accepted, entry.State);
        var (again, addedAgain) = await ledger.AcceptAsync("r1", "fp", new[] { "a", "b" }, null, now.AddSeconds(5), default);
        Assert.False(addedAgain);
        Assert.Same(entry, again);

        entry.ExcludedAt = now.AddMilliseconds(2);
        await ledger.RecordAsync(entry, "excluded", default);
        Assert.Equal(DeletionState.Excluded, entry.State);
        Assert.Equal(1, ledger.Pending);
        entry.RetrainedAt = now.AddSeconds(1);
        await ledger.RecordAsync(entry, "retrained", default);
        Assert.Equal(0, ledger.Pending);
        Assert.Equal(1, ledger.Completed);

        var rows = await log.ReadAsync("deletions/s", 0, 10);
        Assert.Equal(new[] { "deletion", "deletion-excluded", "deletion-retrained" }, rows.Select(r => r.Kind));
        Assert.DoesNotContain(rows, r => System.Text.Encoding.UTF8.GetString(r.Payload).Contains("pixels"));
    }

    [Fact]
    public async Task A_fresh_ledger_restores_a_logged_request_from_the_store()
    {
        var log = new InMemoryStores().RequestLog;
        await new DeletionLedger(log, "s").AcceptAsync("r9", "fp9", new[] { "x" }, "owner-1", DateTimeOffset.UtcNow, default);
        var restarted = new DeletionLedger(log, "s");
        var (entry, added) = await restarted.AcceptAsync("r9", "fp9", new[] { "x" }, "owner-1", DateTimeOffset.UtcNow, default);
        Assert.False(added);
        Assert.Equal("fp9", entry.Fingerprint);
        Assert.Equal(new[] { "x" }, entry.SampleIds);
        Assert.Equal("owner-1", entry.Owner);
    }
}
