using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>Grain state in SQLite: the ADO.NET <see cref="SqlGrainStateStore"/> over a <see cref="SqliteDatabase"/>.</summary>
public sealed class SqliteGrainStateStore(SqliteDatabase db) : SqlGrainStateStore(db);
