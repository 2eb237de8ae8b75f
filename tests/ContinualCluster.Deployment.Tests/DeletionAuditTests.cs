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
    [ClusterFact]
    public async Task An_acknowledged_deletion_is_an_entry_of_the_verified_audit_chain()
    {
        await using var cluster = await ManifestCluster.CreateAsync("cpu", "ccl-silo");
        var silo = await cluster.StartAsync(0);
        var client = new GatewayClient(silo.Gateway, cluster.Key("gateway-key-admin"));
        Assert.Equal(202, (await client.PostJsonAsync("/v1/streams/audited/samples", Samples.Ingest("au-1", "au", 8, 1, [0, 1]))).Status);
        var ack = await client.PostJsonAsync("/v1/streams/audited/deletions", Samples.Delete("audit-del-1", ["au-1", "au-2"]));
        Assert.True(ack.Status == 202, ack.Body);

        // Audited off the acknowledgement path (right after the ledger journals "excluded"): allow it a moment.
        IReadOnlyList<string> rows = [];
        for (int i = 0; i < 100 && !rows.Any(r => r.Contains("deletion-excluded audit-del-1", StringComparison.Ordinal)); i++)
        {
            if (i > 0) await Task.Delay(100);
            rows = await cluster.Database.QueryStringsAsync(
                "SELECT log || ' ' || seq || ' ' || action || ' ' || subject FROM audit_log ORDER BY log, seq");
        }
        output.WriteLine($"audit_log: {(rows.Count == 0 ? "(empty)" : string.Join("; ", rows))}");
        var verify = Plugin.Run(["audit-verify", "--psql", cluster.Database.LibpqConnInfo]);
        output.WriteLine(verify.StdOut.Trim());
        Assert.True(rows.Any(r => r.Contains("audit-del-1", StringComparison.Ordinal)),
            "the acknowledged deletion audit-del-1 has no entry in audit_log (no code path appends deletions to IAuditLog)");
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        Assert.Contains("chain intact", verify.StdOut);
    }
}
