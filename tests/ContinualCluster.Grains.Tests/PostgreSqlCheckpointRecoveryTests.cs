using ContinualCluster.TestKit.Storage;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>Checkpoint recovery against the PostgreSQL store (skipped, with the reason, only where PostgreSQL cannot exist).</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlCheckpointRecoveryTests(StreamRecoveryTests.Learning learning, PostgreSqlStoreFixture store)
    : CheckpointRecoveryContract(learning, store), IClassFixture<StreamRecoveryTests.Learning>, IClassFixture<PostgreSqlStoreFixture>;
