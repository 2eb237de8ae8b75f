using ContinualCluster.Runtime.Audit;
using Xunit;

namespace ContinualCluster.Storage.Tests;

/// <summary>The hash rule itself and the verifier, over the in-memory audit log.</summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Every_field_is_covered_by_the_hash()
    {
        var prev = AuditChain.GenesisHash;
        var baseline = AuditChain.ComputeHash(prev, "log", 1, At, "delete", "s", "d");
        var variants = new[]
        {
            AuditChain.ComputeHash(prev, "log2", 1, At, "delete", "s", "d"),
            AuditChain.ComputeHash(prev, "log", 2, At, "delete", "s", "d"),
            AuditChain.ComputeHash(prev, "log", 1, At.AddTicks(10), "delete", "s", "d"),
            AuditChain.ComputeHash(prev, "log", 1, At, "delete2", "s", "d"),
            AuditChain.ComputeHash(prev, "log", 1, At, "delete", "s2", "d"),
            AuditChain.ComputeHash(prev, "log", 1, At, "delete", "s", "d2"),
            AuditChain.ComputeHash(prev, "log", 1, At, "deletes", "", "d"),     // field boundaries are length-prefixed
            AuditChain.ComputeHash(Enumerable.Repeat((byte)1, 32).ToArray(), "log", 1, At, "delete", "s", "d"),
        };
        Assert.Equal(32, baseline.Length);
        Assert.All(variants, v => Assert.NotEqual(baseline, v));
        Assert.Equal(baseline, AuditChain.ComputeHash(prev, "log", 1, At.AddTicks(3), "delete", "s", "d")); // sub-microsecond ignored
    }

    [Fact]
    public async Task In_memory_tampering_is_reported_at_the_first_changed_entry()
    {
        var log = new InMemoryAuditLog();
        for (int i = 1; i <= 5; i++) await log.AppendAsync("l", "delete-sample", $"s{i}", "");
        Assert.True((await log.VerifyAsync("l")).IsValid);
        var third = (await log.ReadAsync("l", 2, 1))[0];
        log.TamperForTesting(third with { Subject = "other" });
        var verdict = await log.VerifyAsync("l");
        Assert.False(verdict.IsValid);
        Assert.Equal(3, verdict.FirstTamperedSequence);
        Assert.Equal(3, verdict.EntriesChecked);
    }

    [Fact]
    public void Verifier_reports_reordered_entries()
    {
        var e1 = AuditChain.Next(0, null, "l", At, "a", "1", "");
        var e2 = AuditChain.Next(1, e1.Hash, "l", At, "a", "2", "");
        var verifier = new AuditChainVerifier("l");
        Assert.False(verifier.Add(e2));
        Assert.Equal(1, verifier.Result().FirstTamperedSequence);
        Assert.Contains("sequence 2 found where 1 was expected", verifier.Result().Problem);
    }
}
