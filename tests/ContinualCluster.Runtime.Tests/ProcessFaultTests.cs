using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace ContinualCluster.Runtime.Tests;

/// <summary>kill -9 of a real silo process hosting a stateful grain in the middle of calls, over SQLite and PostgreSQL.</summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    [Fact]
    public Task Kill_9_of_the_hosting_silo_over_sqlite_loses_no_acknowledged_write() =>
        ScratchSqlite.RunAsync("ccl-kill9.", (cs, state, directory, membership) =>
            KillNineScenario.RunAsync("sqlite", cs, state, directory, membership, output.WriteLine));

    [PostgresFact]
    public async Task Kill_9_of_the_hosting_silo_over_postgresql_loses_no_acknowledged_write()
    {
        var admin = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")!;
        string name = "ccl_kill9_" + Guid.NewGuid().ToString("N")[..10];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        string cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await using var db = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = cs });
        await KillNineScenario.RunAsync("postgresql", cs, new PostgreSqlGrainStateStore(db), new PostgreSqlGrainDirectoryStore(db), new PostgreSqlMembershipStore(db), output.WriteLine);
    }
}
