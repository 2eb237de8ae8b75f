using ContinualCluster.Runtime.Audit;
using Xunit;

namespace ContinualCluster.TestKit.Storage;

public abstract partial class StoreContractTests<TFixture>
{
    [StoreFact]
    public async Task Audit_appended_entries_form_a_chain_that_verifies()
    {
        var log = NewName("audit");
        var entries = new List<AuditEntry>();
        for (int i = 1; i <= 5; i++)
            entries.Add(await Fixture.Audit.AppendAsync(log, "delete-sample", $"sample-{i}", $"{{\"request\":\"r{i}\"}}"));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, entries.Select(e => e.Sequence));
        Assert.Equal(AuditChain.GenesisHash, entries[0].PreviousHash);
        for (int i = 1; i < entries.Count; i++) Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);

        var stored = await Fixture.Audit.ReadAsync(log, 0, 100);
        Assert.Equal(entries, stored, AuditEntryComparer.Instance);
        var verdict = await Fixture.Audit.VerifyAsync(log);
        Assert.True(verdict.IsValid, verdict.Problem);
        Assert.Equal(5, verdict.EntriesChecked);
        Assert.Equal(entries[^1].Hash, verdict.HeadHash);
    }

    [StoreFact]
    public async Task Audit_an_empty_log_verifies()
    {
        var verdict = await Fixture.Audit.VerifyAsync(NewName("audit"));
        Assert.True(verdict.IsValid);
        Assert.Equal(0, verdict.EntriesChecked);
    }

    [StoreFact]
    public async Task Audit_parallel_appends_extend_one_valid_chain()
    {
        var log = NewName("audit");
        var entries = await RunTogetherAsync(Parallelism, i => Fixture.Audit.AppendAsync(log, "forget-owner", $"owner-{i}", ""));
        Assert.Equal(Enumerable.Range(1, Parallelism).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        var verdict = await Fixture.Audit.VerifyAsync(log);
        Assert.True(verdict.IsValid, verdict.Problem);
        Assert.Equal(Parallelism, verdict.EntriesChecked);
    }

    [StoreFact]
    public async Task Audit_rejects_an_empty_action()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Fixture.Audit.AppendAsync(NewName("audit"), " ", "s", "d"));
    }
}
