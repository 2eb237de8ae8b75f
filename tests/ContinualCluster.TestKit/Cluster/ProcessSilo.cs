using System.Diagnostics;
using System.Text;

namespace ContinualCluster.TestKit.Cluster;

/// <summary>A silo running as its own process (tests/ContinualCluster.Runtime.TestSilo); kill means SIGKILL.</summary>
public sealed class ProcessSilo : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ProcessSilo(string siloId, Process process)
    {
        SiloId = siloId;
        _process = process;
    }

    public string SiloId { get; }
    public string Endpoint { get; private set; } = "";
    public long Generation { get; private set; }
    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the silo process and waits until it prints READY (or fails).</summary>
    public static async Task<ProcessSilo> StartAsync(string siloId, string store, string connection, params string[] extra)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(TestSiloPath());
        foreach (var a in new[] { "--silo-id", siloId, "--store", store, "--connection", connection }.Concat(extra)) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var silo = new ProcessSilo(siloId, process);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { ready.TrySetException(new InvalidOperationException($"silo {siloId} exited before READY:\n{silo.Output}")); return; }
            lock (silo._output) silo._output.AppendLine(e.Data);
            if (e.Data.StartsWith("READY ", StringComparison.Ordinal)) ready.TrySetResult(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (silo._output) silo._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var parts = (await ready.Task.WaitAsync(TimeSpan.FromSeconds(60))).Split(' ');
            silo.Endpoint = parts[1];
            silo.Generation = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch
        {
            silo.Dispose();
            throw;
        }
        return silo;
    }

    /// <summary>kill -STOP: the process freezes mid-work (a long GC or VM stall), keeping its sockets and timers.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>kill -CONT: a paused process runs on from where it froze, with its timers long expired.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Waits until the process exits; returns its exit code, or null if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        try { await _process.WaitForExitAsync().WaitAsync(timeout); }
        catch (TimeoutException) { return null; }
        return _process.ExitCode;
    }

    private void Signal(string signal)
    {
        if (_process.HasExited) throw new InvalidOperationException($"silo {SiloId} has already exited; cannot send SIG{signal}.");
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("could not start kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}.");
    }

    /// <summary>kill -9: no graceful shutdown, no deregistration, no persistence.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string TestSiloPath()
    {
        var baseDir = AppContext.BaseDirectory;
        string config = baseDir.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dir = new DirectoryInfo(baseDir);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ContinualCluster.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"Could not find the repository root above {baseDir}.");
        var path = Path.Combine(dir.FullName, "tests", "ContinualCluster.Runtime.TestSilo", "bin", config, "net10.0", "ContinualCluster.Runtime.TestSilo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build tests/ContinualCluster.Runtime.TestSilo ({config}) first.", path);
    }
}
