using System.Diagnostics;
using System.Globalization;

namespace ContinualCluster.Bench.Torch;

/// <summary>A long-lived /usr/bin/python3 running torch_bench.py: runs chunks of training steps on request.</summary>
internal sealed class PythonTrainer : IDisposable
{
    private readonly Process _process;

    public PythonTrainer(string script, int threads, int seed, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        psi.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
    }

    /// <summary>Process CPU milliseconds (all threads) used by the chunks run so far.</summary>
    public double CpuMilliseconds { get; private set; }

    public double[] Run(string model, int steps)
    {
        _process.StandardInput.WriteLine($"{model} {steps}");
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"torch_bench.py exited (code {(_process.HasExited ? _process.ExitCode : -1)}) instead of answering '{model} {steps}'");
        var parts = line.Split('|');
        CpuMilliseconds += double.Parse(parts[1], CultureInfo.InvariantCulture);
        return parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        catch (IOException) { }
        _process.Dispose();
    }
}
