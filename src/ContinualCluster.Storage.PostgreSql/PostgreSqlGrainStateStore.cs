using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>Grain state in PostgreSQL: the ADO.NET <see cref="SqlGrainStateStore"/> over a <see cref="PostgreSqlDatabase"/>.</summary>
public sealed class PostgreSqlGrainStateStore(PostgreSqlDatabase db) : SqlGrainStateStore(db);
