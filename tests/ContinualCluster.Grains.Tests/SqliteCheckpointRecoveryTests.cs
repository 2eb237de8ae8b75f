using ContinualCluster.TestKit.Storage;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>Checkpoint recovery against the SQLite store.</summary>
public sealed class SqliteCheckpointRecoveryTests(StreamRecoveryTests.Learning learning, SqliteStoreFixture store)
    : CheckpointRecoveryContract(learning, store), IClassFixture<StreamRecoveryTests.Learning>, IClassFixture<SqliteStoreFixture>;
