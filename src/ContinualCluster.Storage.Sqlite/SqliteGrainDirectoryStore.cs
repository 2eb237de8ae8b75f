using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>The grain directory in SQLite: the ADO.NET <see cref="SqlGrainDirectoryStore"/> over a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteGrainDirectoryStore(SqliteDatabase db) : SqlGrainDirectoryStore(db);
