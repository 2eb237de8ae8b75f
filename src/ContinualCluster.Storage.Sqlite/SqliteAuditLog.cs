using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>The hash-chained audit log in SQLite: the ADO.NET <see cref="SqlAuditLog"/> over a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteAuditLog(SqliteDatabase db) : SqlAuditLog(db);
