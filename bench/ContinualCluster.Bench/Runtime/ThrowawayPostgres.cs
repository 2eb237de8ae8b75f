using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContinualCluster.Bench.Runtime;

/// <summary>Uses CC_TEST_POSTGRES when set; otherwise starts a throwaway PostgreSQL 15 on loopback the way run.sh does.</summary>
internal sealed class ThrowawayPostgres : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private string? _dir;

    public string? ConnectionString { get; private set; }

    public string? Problem { get; private set; }

    public static ThrowawayPostgres Start()
    {
        var pg = new ThrowawayPostgres();
        var env = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(env)) { pg.ConnectionString = env; return pg; }
        if (!File.Exists(Path.Combine(Bin, "initdb"))) { pg.Problem = "PostgreSQL 15 is not installed"; return pg; }
        try
        {
            pg._dir = Directory.CreateTempSubdirectory("ccl-bench-pg.").FullName;
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
            Run("chown", $"postgres:postgres {pg._dir}");
            Run("runuser", $"-u postgres -- {Bin}/initdb -D {pg._dir}/data -A trust -U postgres --no-sync");
            Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {pg._dir}/data -l {pg._dir}/log -w -t 30 -o \"-c listen_addresses=127.0.0.1 -p {port} -k {pg._dir} -c fsync=off\" start");
            pg.ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true";
        }
        catch (Exception e) { pg.Problem = e.Message; }
        return pg;
    }

    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed: {err}");
    }

    public void Dispose()
    {
        if (_dir is null) return;
        try { Run("runuser", $"-u postgres -- {Bin}/pg_ctl -D {_dir}/data -m immediate stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
