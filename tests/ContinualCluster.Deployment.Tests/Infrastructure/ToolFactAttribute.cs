using Xunit;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>A fact that needs a command-line tool (e.g. sqlite3); skipped only where that tool is not installed.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        if (ProcessRunner.Which(tool) is null) Skip = $"{tool} is not installed";
    }
}
