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
    [InlineData("unlearn s1 --class 3", "usage: kubectl continual unlearn STREAM FILE|-")]
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
    public void A_binary_predict_file_that_is_not_whole_images_is_refused_before_sending()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ccl-ragged-{Guid.NewGuid():N}.f32");
        File.WriteAllBytes(file, new byte[3136 + 100]);
        try
        {
            var r = Plugin.Run(["--url", "http://127.0.0.1:9", "predict", "s1", file], key: "admin:abcdefgh");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("3236 bytes, not a whole number of images", r.StdErr);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Verbs_that_need_a_key_refuse_to_run_without_one()
    {
        var r = Plugin.Run(["--url", "http://127.0.0.1:9", "status", "s1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no bearer key", r.StdErr);
    }

    [Theory, InlineData("drain ccl-silo-1"), InlineData("rebalance")]
    public void Cluster_verbs_refuse_a_direct_url(string line)
    {
        var r = Plugin.Run(["--url", "http://127.0.0.1:9", .. line.Split(' ')]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("works on the Kubernetes objects (kubectl), not through --url", r.StdErr);
    }

    [Fact]
    public void Drain_deletes_the_silo_pod_gracefully_and_waits_for_its_new_generation()
    {
        using var kubectl = new KubectlStub();
        var r = Plugin.Run(["-n", "prod", "drain", "ccl-silo-2", "--timeout", "30"], extraEnv: kubectl.Env());
        Assert.True(r.ExitCode == 0, r.StdErr);
        var calls = kubectl.Calls;
        Assert.StartsWith("-n prod get pod ccl-silo-2 -o jsonpath=", calls[0]);
        Assert.Equal("-n prod delete pod ccl-silo-2 --wait=true --timeout=30s", calls[1]);
        Assert.Equal("-n prod wait --for=condition=Ready pod/ccl-silo-2 --timeout=30s", calls[^1]);
        Assert.DoesNotContain(calls, c => c.Contains("--grace-period") || c.Contains("--force"));
    }

    [Fact]
    public async Task Without_url_the_plugin_port_forwards_to_the_gateway_service_and_stops_the_forward_afterwards()
    {
        int port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            for (int i = 0; i < 2; i++)
            {
                var ctx = await listener.GetContextAsync();
                var body = System.Text.Encoding.UTF8.GetBytes(ctx.Request.Url!.AbsolutePath == "/readyz" ? "ready\n" : "ccl_activations{silo=\"ccl-silo-0\"} 3\nother 1\n");
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
        });
        using var kubectl = new KubectlStub(forwardToPort: port);
        var r = Plugin.Run(["-n", "prod", "status"], extraEnv: kubectl.Env());
        Assert.True(r.ExitCode == 0, r.StdErr);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("-n prod port-forward svc/ccl-gateway :80", kubectl.Calls);
        Assert.Contains("ccl-silo-0 1/1 Running", r.StdOut);
        Assert.Contains($"gateway http://127.0.0.1:{port}: ready", r.StdOut);
        Assert.Contains("ccl_activations{silo=\"ccl-silo-0\"} 3", r.StdOut);
        Assert.DoesNotContain("other 1", r.StdOut);
        int pid = kubectl.PortForwardPid ?? throw new Xunit.Sdk.XunitException("no port-forward was started");
        Assert.True(!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z", $"port-forward {pid} still runs after the plugin exited");
    }

    [Fact]
    public void Drain_refuses_a_pod_that_is_not_a_silo()
    {
        using var kubectl = new KubectlStub(podComponent: "postgres");
        var r = Plugin.Run(["drain", "ccl-postgres-0"], extraEnv: kubectl.Env());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("pod ccl-postgres-0 is not a silo (component 'postgres')", r.StdErr);
        Assert.DoesNotContain(kubectl.Calls, c => c.Contains("delete"));
    }

    [Fact]
    public void Rebalance_restarts_every_silo_statefulset_one_after_the_other()
    {
        using var kubectl = new KubectlStub();
        var r = Plugin.Run(["rebalance"], extraEnv: kubectl.Env());
        Assert.True(r.ExitCode == 0, r.StdErr);
        var rollouts = kubectl.Calls.Where(c => c.Contains(" rollout ")).ToList();
        Assert.Equal([
            "-n continual-cluster rollout restart statefulset/ccl-silo",
            "-n continual-cluster rollout status statefulset/ccl-silo --timeout=1200s",
            "-n continual-cluster rollout restart statefulset/ccl-silo-gpu",
            "-n continual-cluster rollout status statefulset/ccl-silo-gpu --timeout=1200s"], rollouts);
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
