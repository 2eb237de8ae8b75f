using System.Diagnostics;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>One silo running as a local process exactly as a <see cref="PodLaunch"/> says; stopped like the kubelet stops a pod.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public PodLaunch Launch { get; }
    public int GatewayPort => int.Parse(Launch.Env[SiloSettings.GatewayPort]);
    public Uri Gateway => new($"http://127.0.0.1:{GatewayPort}");
    public bool HasExited => _process.HasExited;

    private SiloProcess(PodLaunch launch, Process process) { Launch = launch; _process = process; }

    public static SiloProcess Start(PodLaunch launch)
    {
        var psi = new ProcessStartInfo(launch.Command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = PodLaunch.LocalAppDir,
        };
        foreach (var a in launch.Command.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in HostBasics()) psi.Environment[k] = v;
        foreach (var (k, v) in launch.Env) psi.Environment[k] = v;
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var silo = new SiloProcess(launch, p);
        p.OutputDataReceived += (_, e) => silo.Append(e.Data);
        p.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        if (!p.Start()) throw new InvalidOperationException($"cannot start {launch.PodName}");
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return silo;
    }

    /// <summary>What any container has that the manifest does not set: PATH (to find dotnet) and the .NET install.</summary>
    private static IEnumerable<KeyValuePair<string, string>> HostBasics()
    {
        foreach (var name in new[] { "PATH", "DOTNET_ROOT" })
            if (Environment.GetEnvironmentVariable(name) is { } v) yield return new(name, v);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) { _log.Enqueue(line); while (_log.Count > 300) _log.Dequeue(); }
    }

    public string RecentLog(int lines = 60)
    {
        lock (_log) return string.Join('\n', _log.TakeLast(lines));
    }

    /// <summary>Waits until GET /readyz answers 200, failing with the silo's log if it exits or the time runs out.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        string last = "no answer";
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Launch.PodName} exited with {_process.ExitCode} before it was ready:\n{RecentLog()}");
            try
            {
                using var r = await Http.GetAsync(new Uri(Gateway, "/readyz"));
                if (r.IsSuccessStatusCode) return;
                last = $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (TaskCanceledException) { last = "timed out"; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Launch.PodName} not ready after {timeout.TotalSeconds:0} s (last: {last}):\n{RecentLog()}");
    }

    /// <summary>kill -9: no preStop, no SIGTERM, no graceful leave.</summary>
    public void Kill9()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    /// <summary>What the kubelet does on pod deletion: run the preStop hook, then SIGTERM, then SIGKILL after the grace period.</summary>
    public async Task<StopOutcome> StopLikeKubeletAsync()
    {
        var sw = Stopwatch.StartNew();
        ProcessRunner.Result? hook = null;
        if (Launch.PreStop.Count > 0)
        {
            var env = HostBasics().ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var (k, v) in Launch.Env) env[k] = v;
            hook = ProcessRunner.Run(Launch.PreStop[0], Launch.PreStop.Skip(1), env, timeout: TimeSpan.FromSeconds(Launch.GracePeriodSeconds));
        }
        var hookTime = sw.Elapsed;
        if (!_process.HasExited) ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString()]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, Launch.GracePeriodSeconds - hookTime.TotalSeconds)));
        bool graceful = true;
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { graceful = false; Kill9(); }
        return new StopOutcome(hook?.ExitCode, hookTime, graceful, _process.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill9();
        await Task.CompletedTask;
        _process.Dispose();
    }
}
