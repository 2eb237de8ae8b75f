using Xunit;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>A theory that needs `kubectl` (only its offline `kustomize` verb); skipped only where kubectl is not installed.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (ProcessRunner.Which("kubectl") is null) Skip = "kubectl is not installed (needed for `kubectl kustomize`)";
    }
}
