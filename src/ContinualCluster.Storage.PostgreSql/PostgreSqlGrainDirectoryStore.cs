using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>The grain directory in PostgreSQL: the ADO.NET <see cref="SqlGrainDirectoryStore"/> over a <see cref="PostgreSqlDatabase"/>.</summary>
public sealed class PostgreSqlGrainDirectoryStore(PostgreSqlDatabase db) : SqlGrainDirectoryStore(db);
