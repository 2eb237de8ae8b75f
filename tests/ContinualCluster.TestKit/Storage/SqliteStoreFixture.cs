using ContinualCluster.Runtime.Audit;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.Sqlite;

namespace ContinualCluster.TestKit.Storage;

/// <summary>SQLite stores over a fresh database file in a temporary directory, removed with the fixture.</summary>
public sealed class SqliteStoreFixture : IStoreFixture, IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("ccl-sqlite-test.").FullName;

    public SqliteStoreFixture()
    {
        FilePath = Path.Combine(_directory, "cluster.db");
        Database = new SqliteDatabase(new SqliteStoreOptions { ConnectionString = $"Data Source={FilePath}" });
        State = new SqliteGrainStateStore(Database);
        Membership = new SqliteMembershipStore(Database);
        Directory = new SqliteGrainDirectoryStore(Database);
        Requests = new SqliteRequestLog(Database);
        Audit = new SqliteAuditLog(Database);
    }

    public string Name => "sqlite";
    public string FilePath { get; }
    public SqliteDatabase Database { get; }
    public IGrainStateStore State { get; }
    public IMembershipStore Membership { get; }
    public IGrainDirectoryStore Directory { get; }
    public IRequestLog Requests { get; }
    public IAuditLog Audit { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
