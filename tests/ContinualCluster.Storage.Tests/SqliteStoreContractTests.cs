using ContinualCluster.TestKit.Storage;

namespace ContinualCluster.Storage.Tests;

/// <summary>The store contract suite against the SQLite stores (one database file per class).</summary>
public sealed class SqliteStoreContractTests(SqliteStoreFixture fixture) : StoreContractTests<SqliteStoreFixture>(fixture);
