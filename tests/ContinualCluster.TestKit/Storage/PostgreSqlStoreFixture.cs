using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.PostgreSql;
using Xunit;

namespace ContinualCluster.TestKit.Storage;

/// <summary>PostgreSQL stores over a database of their own (CREATE DATABASE) on the shared throwaway test server.</summary>
public sealed class PostgreSqlStoreFixture : IStoreFixture, IAsyncLifetime
{
    private PostgreSqlTestServer? _server;
    private PostgreSqlDatabase? _database;

    public string Name => "postgresql";
    public string ConnectionString { get; private set; } = "";
    public PostgreSqlDatabase Database => _database ?? throw NotStarted();
    public IGrainStateStore State { get; private set; } = null!;
    public IMembershipStore Membership { get; private set; } = null!;
    public IGrainDirectoryStore Directory { get; private set; } = null!;
    public IRequestLog Requests { get; private set; } = null!;
    public IAuditLog Audit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Skipped tests (PostgreSQL cannot exist) never touch the stores: do not fail the fixture for them.
        if (PostgreSqlTestServer.UnavailableReason is not null) return;
        _server = await PostgreSqlTestServer.GetSharedAsync();
        ConnectionString = await _server.CreateDatabaseAsync("contract");
        _database = new PostgreSqlDatabase(new PostgreSqlStoreOptions { ConnectionString = ConnectionString });
        State = new PostgreSqlGrainStateStore(_database);
        Membership = new PostgreSqlMembershipStore(_database);
        Directory = new PostgreSqlGrainDirectoryStore(_database);
        Requests = new PostgreSqlRequestLog(_database);
        Audit = new PostgreSqlAuditLog(_database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        if (_server is not null) await _server.DropDatabaseAsync(ConnectionString);
    }

    private static InvalidOperationException NotStarted() => new("the PostgreSQL fixture was not started: " + PostgreSqlTestServer.UnavailableReason);
}
