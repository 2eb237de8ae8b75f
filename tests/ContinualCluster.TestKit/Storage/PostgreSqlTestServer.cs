using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ContinualCluster.TestKit.Storage;

/// <summary>
/// A PostgreSQL server for tests: the one `./run.sh test` started (CC_TEST_POSTGRES), or a throwaway PostgreSQL 15
/// that this process starts itself (initdb in a temporary directory, loopback, random port) and removes at exit.
/// </summary>
public sealed class PostgreSqlTestServer : IAsyncDisposable
{
    /// <summary>Where Debian installs the PostgreSQL 15 server binaries.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private static readonly Lazy<Task<PostgreSqlTestServer>> Shared = new(StartSharedAsync);
    private readonly string? _ownedDirectory;

    private PostgreSqlTestServer(string adminConnectionString, string? bin, string? dataDirectory, string? ownedDirectory)
    {
        AdminConnectionString = adminConnectionString;
        BinDirectory = bin;
        DataDirectory = dataDirectory;
        _ownedDirectory = ownedDirectory;
    }

    /// <summary>A connection string to the server's "postgres" database with rights to create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The server binaries, when this process can stop and start the server.</summary>
    public string? BinDirectory { get; }

    /// <summary>The data directory, when this process can stop and start the server.</summary>
    public string? DataDirectory { get; }

    /// <summary>The local server binaries, from CC_TEST_POSTGRES_BIN or the Debian location; null when absent.</summary>
    public static string? LocalBinDirectory
    {
        get
        {
            var bin = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES_BIN");
            if (string.IsNullOrEmpty(bin)) bin = DefaultBinDirectory;
            return File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")) ? bin : null;
        }
    }

    /// <summary>Null when a server is reachable or can be started; otherwise why PostgreSQL tests cannot run here.</summary>
    public static string? UnavailableReason =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")) || LocalBinDirectory is not null
            ? null
            : $"PostgreSQL cannot exist here: CC_TEST_POSTGRES is unset and {DefaultBinDirectory}/initdb is missing (apt-get install postgresql, or run ./run.sh test)";

    /// <summary>Null when this process can start a private server (needed to stop and start it); otherwise why not.</summary>
    public static string? PrivateServerUnavailableReason =>
        LocalBinDirectory is not null ? null : $"a private PostgreSQL server needs the server binaries ({DefaultBinDirectory}/initdb and pg_ctl), which are missing";

    /// <summary>The server shared by every test in this process (started on first use).</summary>
    public static Task<PostgreSqlTestServer> GetSharedAsync() => Shared.Value;

    /// <summary>Starts a new throwaway server owned by the caller (for tests that stop and start it).</summary>
    public static async Task<PostgreSqlTestServer> StartPrivateAsync()
    {
        var bin = LocalBinDirectory ?? throw new InvalidOperationException(PrivateServerUnavailableReason);
        var dir = Directory.CreateTempSubdirectory("ccl-pg-test.").FullName;
        try
        {
            int port = FreePort();
            var data = Path.Combine(dir, "data");
            if (IsRoot) await RunAsync("chown", ["postgres:postgres", dir]).ConfigureAwait(false);
            await RunAsPostgresAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]).ConfigureAwait(false);
            // Settings live in the data directory, so a plain `pg_ctl start` after a stop brings back the same server.
            var conf = $"\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{dir}'\nfsync = off\nmax_connections = 200\n";
            await RunAsPostgresAsync("/bin/sh", ["-c", $"printf '%s' \"$0\" >> '{data}/postgresql.conf'", conf]).ConfigureAwait(false);
            var server = new PostgreSqlTestServer(
                $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5", bin, data, dir);
            await server.StartAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            TryDelete(dir);
            throw;
        }
    }

    /// <summary>Creates a fresh, empty database and returns a pooled connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var tag = new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(16).ToArray());
        var name = $"ccl_{tag}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections; errors are ignored.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE);", connection);
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The server may be gone already (process exit); the throwaway directory goes with it.
        }
    }

    /// <summary>Stops the server immediately (no checkpoint), as a crash or an outage would.</summary>
    public Task StopAsync() => PgCtlAsync("-m", "immediate", "stop");

    /// <summary>Starts the (stopped) server again and waits until it accepts connections.</summary>
    public Task StartAsync() => PgCtlAsync("-l", Path.Combine(Path.GetDirectoryName(DataDirectory!)!, "log"), "-w", "-t", "60", "start");

    public async ValueTask DisposeAsync()
    {
        if (_ownedDirectory is null) return;
        try { await StopAsync().ConfigureAwait(false); } catch (InvalidOperationException) { /* not running */ }
        TryDelete(_ownedDirectory);
    }

    /// <summary>
    /// Starts a detached watchdog that stops the server and removes its directory once this process is gone: the test
    /// host gives exit handlers only moments, and a killed host runs none.
    /// </summary>
    private void StartWatchdog()
    {
        if (_ownedDirectory is null || DataDirectory is null || BinDirectory is null) return;
        const string script = """
            exec >/dev/null 2>&1 </dev/null
            while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
            if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$2/pg_ctl" -D "$3" -m immediate stop; else "$2/pg_ctl" -D "$3" -m immediate stop; fi
            rm -rf "$4"
            """;
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "/bin/sh", "-c", script, "ccl-pg-watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), BinDirectory, DataDirectory, _ownedDirectory })
            psi.ArgumentList.Add(a);
        using var _ = Process.Start(psi);
    }

    private Task PgCtlAsync(params string[] args)
    {
        if (BinDirectory is null || DataDirectory is null)
            throw new InvalidOperationException("this PostgreSQL test server is not under this process's control (no binaries or data directory)");
        return RunAsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, .. args]);
    }

    private static async Task<PostgreSqlTestServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(external))
        {
            var data = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES_DATA");
            return new PostgreSqlTestServer(external, LocalBinDirectory, string.IsNullOrEmpty(data) ? null : data, null);
        }
        SweepStale();
        var server = await StartPrivateAsync().ConfigureAwait(false);
        server.StartWatchdog();
        return server;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunAsPostgresAsync(string file, IReadOnlyList<string> args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string dir)
    {
        for (int attempt = 0; attempt < 10 && Directory.Exists(dir); attempt++)
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { Thread.Sleep(100); }
        }
    }

    /// <summary>Removes throwaway servers' directories left by test processes that were killed before they could clean up.</summary>
    private static void SweepStale()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "ccl-pg-test.*"))
        {
            var pidFile = Path.Combine(dir, "data", "postmaster.pid");
            try
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out int pid) && ProcessIsAlive(pid)) continue;
                if (Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-1)) continue;   // still being set up
            }
            catch (IOException) { continue; }
            TryDelete(dir);
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
