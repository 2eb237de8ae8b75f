using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>A fact that needs PostgreSQL: skipped only when CC_TEST_POSTGRES is unset (`./run.sh test` sets it).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")))
            Skip = "needs PostgreSQL: set CC_TEST_POSTGRES (./run.sh test starts a throwaway server)";
    }
}
