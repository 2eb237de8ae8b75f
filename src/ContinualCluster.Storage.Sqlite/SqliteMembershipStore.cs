using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>The membership table in SQLite: the ADO.NET <see cref="SqlMembershipStore"/> over a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteMembershipStore(SqliteDatabase db) : SqlMembershipStore(db);
