using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContinualCluster.TestKit.Storage;

/// <summary>Process plumbing for <see cref="PostgreSqlTestServer"/>: running the server tools (as postgres when root), ports, cleanup.</summary>
internal static class PostgreSqlTestProcesses
{
    internal static bool IsRoot => Environment.UserName == "root";

    internal static Task RunAsPostgresAsync(string file, IReadOnlyList<string> args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    internal static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void TryDelete(string dir)
    {
        for (int attempt = 0; attempt < 10 && Directory.Exists(dir); attempt++)
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { Thread.Sleep(100); }
        }
    }

    /// <summary>Removes throwaway servers' directories left by test processes that were killed before they could clean up.</summary>
    internal static void SweepStale()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "ccl-pg-test.*"))
        {
            var pidFile = Path.Combine(dir, "data", "postmaster.pid");
            try
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out int pid) && ProcessIsAlive(pid)) continue;
                if (Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-120)) continue;   // maybe in use (stopped for an outage test) or being set up
            }
            catch (IOException) { continue; }
            TryDelete(dir);
        }
    }

    internal static bool ProcessIsAlive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
