using ContinualCluster.TestKit.Storage;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>The PostgreSQL client tools (pg_dump, pg_restore) of the installed server version.</summary>
public static class PgTools
{
    public static string Path(string tool)
    {
        if (PostgreSqlTestServer.LocalBinDirectory is { } bin && File.Exists(System.IO.Path.Combine(bin, tool)))
            return System.IO.Path.Combine(bin, tool);
        return ProcessRunner.Which(tool) ?? throw new FileNotFoundException($"{tool} is not installed");
    }
}
