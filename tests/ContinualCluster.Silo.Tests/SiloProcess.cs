using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContinualCluster.Silo.Tests;

/// <summary>A real silo process (the built ContinualCluster.Silo.dll) with its own ports, configured by CCL_ variables.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests";
    public const string IngestKey = "ingest-key-for-tests";
    public const string PredictKey = "predict-key-for-tests";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, string name, int gatewayPort)
    {
        _process = process;
        Name = name;
        Gateway = new Uri($"http://127.0.0.1:{gatewayPort}/");
    }

    public string Name { get; }
    public Uri Gateway { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts a silo and waits until /readyz answers 200.</summary>
    public static async Task<SiloProcess> StartAsync(string name, string storeKind, string connectionString, string dataDir, IDictionary<string, string>? extra = null)
    {
        string dll = SiloDll();
        int gateway = FreePort();
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dataDir,
        };
        var env = new Dictionary<string, string>
        {
            ["CCL_Silo__Name"] = name, ["CCL_Silo__Port"] = "0", ["CCL_Gateway__Port"] = gateway.ToString(),
            ["CCL_Gateway__Keys__0"] = "admin:" + AdminKey, ["CCL_Gateway__Keys__1"] = "ingest:" + IngestKey,
            ["CCL_Gateway__Keys__2"] = "predict:" + PredictKey, ["CCL_Store__Kind"] = storeKind,
            ["CCL_Store__ConnectionString"] = connectionString, ["CCL_Cluster__Secret"] = "tests-cluster-secret-0123",
            ["CCL_Learning__BackboneCache"] = Path.Combine(dataDir, "backbone.bin"), ["CCL_Learning__PretrainSamples"] = "2000",
            ["CCL_Learning__PretrainEpochs"] = "1", ["CCL_Learning__Shards"] = "2", ["CCL_Learning__Slices"] = "2",
            ["CCL_Learning__Sequences"] = "2", ["CCL_Learning__StageEpochs"] = "1", ["CCL_Stream__TrainEverySamples"] = "512",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        foreach (var (k, v) in env) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the silo process");
        var silo = new SiloProcess(process, name, gateway);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (silo._output) silo._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (silo._output) silo._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                process.WaitForExit();   // the parameterless wait also drains the redirected output, so the message is complete
                throw new InvalidOperationException($"silo {name} exited with {process.ExitCode}:\n{silo.Output}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(silo.Gateway, "readyz"))).IsSuccessStatusCode) return silo;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await silo.DisposeAsync();
        throw new TimeoutException($"silo {name} did not become ready:\n{silo.Output}");
    }

    /// <summary>The silo host built beside this test (same configuration), found from the repository root.</summary>
    public static string SiloDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ContinualCluster.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
        string config = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        string dll = Path.Combine(dir.FullName, "silo", "ContinualCluster.Silo", "bin", config, "net10.0", "ContinualCluster.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the silo first: {dll} is missing", dll);
    }

    /// <summary>Kills the process without a graceful shutdown (a crash).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
