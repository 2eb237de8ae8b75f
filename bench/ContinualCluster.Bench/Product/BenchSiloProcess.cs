using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContinualCluster.Bench.Product;

/// <summary>One silo host process (the built ContinualCluster.Silo.dll) configured by CCL_ variables, with its own ports.</summary>
public sealed class BenchSiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _log = new();

    private BenchSiloProcess(Process process, Uri gateway) { _process = process; Gateway = gateway; }

    public Uri Gateway { get; }

    /// <summary>CPU time the silo process has used so far (user + system, all threads).</summary>
    public TimeSpan CpuTime { get { _process.Refresh(); return _process.TotalProcessorTime; } }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The silo host built beside the benchmark (same configuration), under the repository root.</summary>
    public static string SiloDll(string repoRoot)
    {
        // This benchmark runs from bench/ContinualCluster.Bench/bin/CONFIG/net10.0/: the silo of the same CONFIG.
        string config = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Release";
        string dll = Path.Combine(repoRoot, "silo", "ContinualCluster.Silo", "bin", config, "net10.0", "ContinualCluster.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the silo is not built ({dll}); run ./run.sh build");
    }

    /// <summary>Starts the silo with <paramref name="env"/> (plus PATH and DOTNET_ROOT) and waits until GET /readyz answers 200.</summary>
    public static async Task<BenchSiloProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> env, string workDir, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        psi.ArgumentList.Add(dll);
        psi.Environment.Clear();
        foreach (var name in new[] { "PATH", "DOTNET_ROOT", "HOME" })
            if (Environment.GetEnvironmentVariable(name) is { } v) psi.Environment[name] = v;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var silo = new BenchSiloProcess(process, new Uri($"http://127.0.0.1:{env["CCL_Gateway__Port"]}/"));
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"silo {env["CCL_Silo__Name"]} exited with {process.ExitCode}:\n{silo.RecentLog()}");
            try { if ((await http.GetAsync(new Uri(silo.Gateway, "readyz"))).IsSuccessStatusCode) return silo; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        silo.Dispose();
        throw new TimeoutException($"silo {env["CCL_Silo__Name"]} not ready after {timeout.TotalSeconds:0} s:\n{silo.RecentLog()}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) { _log.Enqueue(line); while (_log.Count > 2000) _log.Dequeue(); }
    }

    /// <summary>The silo's last <paramref name="lines"/> lines of output.</summary>
    public string RecentLog(int lines = 100) { lock (_log) return string.Join('\n', _log.Skip(Math.Max(0, _log.Count - lines))); }

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(10_000); } }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
