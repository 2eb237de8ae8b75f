using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>The durable request log in PostgreSQL: the ADO.NET <see cref="SqlRequestLog"/> over a <see cref="PostgreSqlDatabase"/>.</summary>
public sealed class PostgreSqlRequestLog(PostgreSqlDatabase db) : SqlRequestLog(db);
