using System.Diagnostics;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.TestKit.Storage;
using Xunit;

namespace ContinualCluster.Storage.Tests;

/// <summary>A 5-second PostgreSQL outage on a server of the test's own: calls fail clearly, then work again with nothing restarted.</summary>
[RequiresPostgreSql(PrivateServer = true)]
public sealed class PostgreSqlOutageTests
{
    [StoreFact]
    public async Task Calls_fail_with_store_unavailable_during_a_5_second_outage_and_work_again_afterwards()
    {
        await using var server = await PostgreSqlTestServer.StartPrivateAsync();
        var cs = await server.CreateDatabaseAsync("outage");
        await using var db = new PostgreSqlDatabase(new PostgreSqlStoreOptions
        {
            ConnectionString = cs, ConnectTimeout = TimeSpan.FromSeconds(2), CommandTimeout = TimeSpan.FromSeconds(5),
        });
        var state = new PostgreSqlGrainStateStore(db);
        var requests = new PostgreSqlRequestLog(db);
        var grain = new GrainId("outage.grain", "g1");
        var etag = await state.WriteAsync(grain, [1, 2, 3], null);
        await requests.AppendAsync("log", "before", "deletion", [1]);

        await server.StopAsync();
        var outage = Stopwatch.StartNew();
        int failures = 0;
        while (outage.Elapsed < TimeSpan.FromSeconds(5))
        {
            var call = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => state.ReadAsync(grain));
            Assert.Contains("PostgreSQL store", ex.Message);
            Assert.InRange(call.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));   // a clear error, never a hang
            await Assert.ThrowsAsync<StoreUnavailableException>(() => requests.AppendAsync("log", $"during-{failures}", "deletion", [2]));
            failures++;
            await Task.Delay(250);
        }
        await server.StartAsync();

        // The same store objects (same pool) work again at once: nothing was restarted or re-created.
        var read = await state.ReadAsync(grain);
        Assert.Equal(new byte[] { 1, 2, 3 }, read!.Data);
        Assert.Equal(etag, read.ETag);
        await state.WriteAsync(grain, [4], etag);
        var after = await requests.AppendAsync("log", "after", "deletion", [3]);
        Assert.Equal(2, after.Request.Sequence);   // nothing was half-appended during the outage
        Assert.True(failures >= 2, $"expected several failed calls during the outage, saw {failures}");
    }
}
