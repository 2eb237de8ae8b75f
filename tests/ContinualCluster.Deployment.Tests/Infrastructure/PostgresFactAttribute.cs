using Xunit;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>A fact that needs the PostgreSQL that `./run.sh test` provides (CC_TEST_POSTGRES) and a built silo; skipped only without them.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")))
            Skip = "CC_TEST_POSTGRES is not set: run through ./run.sh test, which starts a throwaway PostgreSQL";
        else if (ProcessRunner.Which("kubectl") is null)
            Skip = "kubectl is not installed (needed for `kubectl kustomize`)";
    }
}
