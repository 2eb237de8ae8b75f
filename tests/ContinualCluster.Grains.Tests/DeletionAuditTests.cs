using ContinualCluster.Abstractions.Api;
using ContinualCluster.Grains.Engine;
using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.InMemory;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>
/// Every deletion state transition (accepted, excluded, retrained) is one entry of the stream's hash-chained audit log,
/// exactly once: a retried request, a restarted activation replaying the ledger and a deletion whose audit was lost to
/// a crash neither duplicate nor miss an entry, and no entry holds a sample id.
/// </summary>
public sealed class DeletionAuditTests : IClassFixture<StreamRecoveryTests.Learning>
{
    private readonly StreamRecoveryTests.Learning _learning;
    public DeletionAuditTests(StreamRecoveryTests.Learning learning) => _learning = learning;

    private SampleDto[] Batch(int index) => Enumerable.Range(10_000 + index * 32, 32)
        .Select(i => new SampleDto(_learning.Train.Ids[i], $"owner-{i % 5}", _learning.Train.Labels[i], _learning.Train.Image(i).ToArray())).ToArray();

    private StreamEngine Engine(InMemoryStores stores, IAuditLog audit) => new("s", new StreamEngineOptions { TrainEverySamples = 64 },
        _learning.Factory, stores.RequestLog, archive: new SampleArchive(stores.State, "s"), audit: audit);

    private static async Task<IReadOnlyList<AuditEntry>> WaitForEntriesAsync(IAuditLog audit, int count)
    {
        for (int i = 0; i < 600; i++)
        {
            var entries = await audit.ReadAsync("deletions/s", 0, 1000);
            if (entries.Count >= count) return entries;
            await Task.Delay(50);
        }
        return await audit.ReadAsync("deletions/s", 0, 1000);
    }

    [Fact]
    public async Task A_deletion_is_audited_once_per_transition_across_retries_and_restarts()
    {
        var stores = new InMemoryStores();
        var audit = new InMemoryAuditLog();
        var batches = new[] { Batch(0), Batch(1) };
        string[] ids = { batches[0][2].Id!, batches[1][7].Id! };
        using (var first = Engine(stores, audit))
        {
            await first.RecoverAsync(default);
            for (int i = 0; i < batches.Length; i++) await first.IngestAsync(new IngestRequest($"b{i}", batches[i]), default);
            await first.DeleteAsync(new DeletionRequest("d-ids", ids, null), default);
            await first.DeleteAsync(new DeletionRequest("d-owner", null, "owner-3"), default);
            Assert.True((await first.DeleteAsync(new DeletionRequest("d-ids", ids, null), default)).Duplicate);
            var entries = await WaitForEntriesAsync(audit, 6);
            Assert.Equal(6, entries.Count);
            Assert.Equal(DeletionState.Retrained, first.GetDeletion("d-ids").State);
        }
        // A deletion logged just before a crash: in the ledger, never excluded nor audited.
        await new DeletionLedger(stores.RequestLog, "s").AcceptAsync("d-crash", "fp", new[] { batches[0][9].Id! }, null, DateTimeOffset.UtcNow, default);

        for (int restart = 0; restart < 2; restart++)
        {
            using var engine = Engine(stores, audit);
            await engine.RecoverAsync(default);
            await engine.RecoveryCompletion;
            await engine.AuditCatchUp;
            Assert.True((await engine.DeleteAsync(new DeletionRequest("d-owner", null, "owner-3"), default)).Duplicate);
            Assert.Equal(DeletionState.Retrained, engine.GetDeletion("d-crash").State);
        }

        var all = await audit.ReadAsync("deletions/s", 0, 1000);
        var expected = from rid in new[] { "d-ids", "d-owner", "d-crash" }
                       from action in new[] { "deletion-accepted", "deletion-excluded", "deletion-retrained" }
                       select (rid, action);
        Assert.Equal(expected.OrderBy(x => x), all.Select(e => (e.Subject, e.Action)).OrderBy(x => x));
        foreach (var rid in new[] { "d-ids", "d-owner", "d-crash" })    // per request, transitions in order
            Assert.Equal(new[] { "deletion-accepted", "deletion-excluded", "deletion-retrained" },
                all.Where(e => e.Subject == rid).OrderBy(e => e.Sequence).Select(e => e.Action));
        Assert.Contains("\"kind\":\"owner\"", all.First(e => e.Subject == "d-owner").Details);
        Assert.All(all, e => Assert.DoesNotContain(ids[0], e.Details));
        Assert.All(all.Where(e => e.Subject == "d-owner"), e => Assert.DoesNotContain("owner-3", e.Details));
        Assert.True((await audit.VerifyAsync("deletions/s")).IsValid);
    }
}
