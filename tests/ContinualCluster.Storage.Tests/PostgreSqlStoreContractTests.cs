using ContinualCluster.TestKit.Storage;

namespace ContinualCluster.Storage.Tests;

/// <summary>The store contract suite against the PostgreSQL stores (one database per class on the throwaway server).</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlStoreContractTests(PostgreSqlStoreFixture fixture) : StoreContractTests<PostgreSqlStoreFixture>(fixture);
