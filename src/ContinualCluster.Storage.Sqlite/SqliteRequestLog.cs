using ContinualCluster.Runtime.Storage;
using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>The durable request log in SQLite: the ADO.NET <see cref="SqlRequestLog"/> over a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteRequestLog(SqliteDatabase db) : SqlRequestLog(db), IRequestLog
{
    /// <summary>SQLite has one write lock per database file: every write waits for the one in progress.</summary>
    public bool SingleWriter => true;
}
