using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Deployment.Tests;

/// <summary>
/// Issue 7, security: a deletion acknowledged through the gateway of a silo started from the manifest is an entry of
/// the hash-chained, append-only audit log in PostgreSQL, and `kubectl continual audit-verify` finds its chain intact.
/// </summary>
public sealed class DeletionAuditTests(ITestOutputHelper output)
{
    [ClusterFact(Skip = "known defect (product, reported): no code path appends deletions to IAuditLog -- both stores register " +
        "it, but after an acknowledged deletion audit_log is empty, so audit-verify has nothing to verify; unskip once the " +
        "deletion path (DeletionLedger or the gateway) appends an entry per acknowledged deletion")]
    public async Task An_acknowledged_deletion_is_an_entry_of_the_verified_audit_chain()
    {
        await using var cluster = await ManifestCluster.CreateAsync("cpu", "ccl-silo");
        var silo = await cluster.StartAsync(0);
        var client = new GatewayClient(silo.Gateway, cluster.Key("gateway-key-admin"));
        Assert.Equal(202, (await client.PostJsonAsync("/v1/streams/audited/samples", Samples.Ingest("au-1", "au", 8, 1, [0, 1]))).Status);
        var ack = await client.PostJsonAsync("/v1/streams/audited/deletions", Samples.Delete("audit-del-1", ["au-1", "au-2"]));
        Assert.True(ack.Status == 202, ack.Body);

        var rows = await cluster.Database.QueryStringsAsync(
            "SELECT log || ' ' || seq || ' ' || action || ' ' || subject FROM audit_log ORDER BY log, seq");
        output.WriteLine($"audit_log: {(rows.Count == 0 ? "(empty)" : string.Join("; ", rows))}");
        var verify = Plugin.Run(["audit-verify", "--psql", cluster.Database.LibpqConnInfo]);
        output.WriteLine(verify.StdOut.Trim());
        Assert.True(rows.Any(r => r.Contains("audit-del-1", StringComparison.Ordinal)),
            "the acknowledged deletion audit-del-1 has no entry in audit_log (no code path appends deletions to IAuditLog)");
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        Assert.Contains("chain intact", verify.StdOut);
    }
}
