using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>The hash-chained audit log in PostgreSQL: the ADO.NET <see cref="SqlAuditLog"/> over a <see cref="PostgreSqlDatabase"/>.</summary>
public sealed class PostgreSqlAuditLog(PostgreSqlDatabase db) : SqlAuditLog(db);
