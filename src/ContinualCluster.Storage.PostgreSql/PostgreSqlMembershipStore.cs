using ContinualCluster.Storage.AdoNet;

namespace ContinualCluster.Storage.PostgreSql;

/// <summary>The membership table in PostgreSQL: the ADO.NET <see cref="SqlMembershipStore"/> over a <see cref="PostgreSqlDatabase"/>.</summary>
public sealed class PostgreSqlMembershipStore(PostgreSqlDatabase db) : SqlMembershipStore(db);
