using ContinualCluster.TestKit.Storage;

namespace ContinualCluster.Storage.Tests;

/// <summary>The store contract suite against the runtime's in-memory stores.</summary>
public sealed class InMemoryStoreContractTests(InMemoryStoreFixture fixture) : StoreContractTests<InMemoryStoreFixture>(fixture);
