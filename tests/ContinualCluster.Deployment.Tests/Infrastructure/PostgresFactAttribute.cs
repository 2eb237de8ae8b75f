using ContinualCluster.TestKit.Storage;
using Xunit;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>A fact that needs PostgreSQL 15 (CC_TEST_POSTGRES, or the local server binaries for a throwaway one) and psql; skipped only without them.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgreSqlTestServer.UnavailableReason is { } why) Skip = why;
        else if (ProcessRunner.Which("psql") is null) Skip = "psql is not installed (Debian package postgresql-client)";
    }
}
