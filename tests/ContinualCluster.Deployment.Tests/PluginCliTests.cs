using System.Net;
using System.Net.Sockets;
using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>The kubectl plugin's command line: help for every verb, and clear errors before any request is sent.</summary>
public sealed class PluginCliTests
{
    public static TheoryData<string> Verbs => new() { "status", "ingest", "delete", "unlearn", "predict", "drain", "rebalance", "audit-verify", "metrics" };

    [Fact]
    public void Plugin_is_an_executable_bash_script_without_syntax_errors()
    {
        Assert.True(File.Exists(Plugin.Path));
        Assert.True(OperatingSystem.IsWindows() || (File.GetUnixFileMode(Plugin.Path) & UnixFileMode.UserExecute) != 0, "kubectl-continual is not executable");
        var r = ProcessRunner.Run("bash", ["-n", Plugin.Path]);
        Assert.True(r.ExitCode == 0, r.StdErr);
    }

    [Fact]
    public void Top_level_help_lists_every_verb()
    {
        var r = Plugin.Run(["--help"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var verb in Verbs) Assert.Contains($"\n  {verb} ", r.StdOut);
    }

    [Theory, MemberData(nameof(Verbs))]
    public void Every_verb_has_its_own_help(string verb)
    {
        var r = Plugin.Run([verb, "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith($"Usage: kubectl continual {verb}", r.StdOut);
    }

    [Theory]
    [InlineData("frobnicate", "unknown verb 'frobnicate'")]
    [InlineData("drain", "usage: kubectl continual drain SILO")]
    [InlineData("delete s1 --ids a --owner b", "give exactly one of --ids, --owner, --file")]
    [InlineData("unlearn s1 --class three", "--class must be a class number")]
    [InlineData("status bad/stream", "stream id 'bad/stream'")]
    [InlineData("ingest s1 /nonexistent/batch.json", "no such file: /nonexistent/batch.json")]
    [InlineData("--timeout 0 status", "--timeout must be a positive number")]
    public void Bad_usage_exits_2_with_a_message_naming_the_problem(string line, string message)
    {
        var r = Plugin.Run(["--url", "http://127.0.0.1:9", .. line.Split(' ')], key: "admin:abcdefgh");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
    }

    [Fact]
    public void Verbs_that_need_a_key_refuse_to_run_without_one()
    {
        var r = Plugin.Run(["--url", "http://127.0.0.1:9", "drain", "ccl-silo-1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no bearer key", r.StdErr);
    }

    [Fact]
    public void An_unreachable_gateway_is_a_clear_error()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        var r = Plugin.Run(["--url", $"http://127.0.0.1:{port}", "status"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"cannot reach the gateway at http://127.0.0.1:{port} (GET /readyz)", r.StdErr);
    }
}
