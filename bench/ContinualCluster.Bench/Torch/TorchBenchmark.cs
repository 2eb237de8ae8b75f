using System.Diagnostics;
using System.Globalization;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Bench.Torch;

/// <summary>
/// `./run.sh bench torch`: SGD training steps (MLP 784-256-256-10, LeNet-5; batch 128, 2 threads) through the binding
/// against the same loop in Python on the same libtorch, interleaved A B A B; and SGEMM 1024³ against C++ libtorch.
/// </summary>
public sealed class TorchBenchmark : IBenchmark
{
    private const int Threads = 2;

    public string Name => "torch";

    public string Description => "training steps (MLP, LeNet-5) vs Python torch, SGEMM 1024³ vs C++ libtorch";

    public Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        var quick = args.Contains("--quick");
        int rounds = quick ? 6 : 20, chunk = 10, warmup = quick ? 10 : 30;
        var root = RepoPaths.Root();
        var script = Path.Combine(root, "bench", "ContinualCluster.Bench", "Torch", "torch_bench.py");
        var cpp = Path.Combine(root, ".build", "native", "cc_sgemm_bench");

        report.Header("measure", "ours (C#)", "peer", "ours/peer", "samples");
        set_num_threads(Threads);
        manual_seed(1000);
        using (var python = new PythonTrainer(script, Threads, 1000))
        {
            foreach (var model in new[] { "mlp", "lenet" })
            {
                using var trainer = new TorchTrainer(model);
                trainer.Run(warmup);
                python.Run(model, warmup);
                var ours = new List<double>();
                var peer = new List<double>();
                // Small alternating chunks (A B B A ...) so that load from other processes hits both sides alike.
                for (var r = 0; r < rounds; r++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (r % 2 == 0) { ours.AddRange(trainer.Run(chunk)); peer.AddRange(python.Run(model, chunk)); }
                    else { peer.AddRange(python.Run(model, chunk)); ours.AddRange(trainer.Run(chunk)); }
                }
                double o = Stats.Median(ours), p = Stats.Median(peer), ratio = o / p;
                report.Row($"{model} SGD step, batch 128 (ms, median)", F(o), $"{F(p)} (Python)", F(ratio), $"{ours.Count}+{peer.Count}");
                report.TargetAtMost($"{model} training step ours/Python", ratio, 0.9);
            }
        }

        var binding = new List<double>();
        var native = new List<double>();
        int gemmRounds = quick ? 2 : 5, reps = quick ? 10 : 15;
        for (var r = 0; r < gemmRounds; r++)
        {
            binding.Add(TorchTrainer.Sgemm(reps));
            native.Add(RunCpp(cpp, reps));
        }
        double b = Stats.Median(binding), c = Stats.Median(native);
        double gflops = 2.0 * 1024 * 1024 * 1024 / (b / 1000) / 1e9;
        report.Row("SGEMM 1024³ (ms, median)", F(b), $"{F(c)} (C++ libtorch)", F(b / c), $"{gemmRounds}x{reps}");
        report.Row("SGEMM 1024³ through the binding (GFLOP/s)", F(gflops), "", "", "");
        report.TargetAtMost("SGEMM 1024³ binding/C++", b / c, 1.05);
        report.TargetAtLeast("SGEMM 1024³ GFLOP/s with 2 threads", gflops, 90, "", "0.0");
        return Task.CompletedTask;
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static double RunCpp(string exe, int reps)
    {
        if (!File.Exists(exe)) throw new FileNotFoundException($"the C++ baseline {exe} is missing; run ./run.sh build", exe);
        return double.Parse(Run(exe, new[] { Threads.ToString(CultureInfo.InvariantCulture), reps.ToString(CultureInfo.InvariantCulture) }).Trim(), CultureInfo.InvariantCulture);
    }

    private static string Run(string file, string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = Threads.ToString(CultureInfo.InvariantCulture);
        psi.Environment["OPENBLAS_NUM_THREADS"] = Threads.ToString(CultureInfo.InvariantCulture);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {p.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
