using System.Diagnostics;
using System.Globalization;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tame;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Bench.Tame;

/// <summary>`./run.sh bench tame-cost [--batches N] [--threads T]`: where one TAME batch's time goes (LeNet expert, batch 128, first task of Split
/// Fashion-MNIST), each part timed in turn on the same batches so that machine load affects all alike; plus a whole ObserveBatch and the
/// selector's and evaluation's unit costs. Quote the load average: absolute times on a shared machine are inflated, the ratios much less.</summary>
public sealed class TameCostBenchmark : IBenchmark
{
    public string Name => "tame-cost";

    public string Description => "TAME per-batch cost breakdown: input features, forward, backward+step, statistics, buffers, whole ObserveBatch";

    public Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        int batches = 200, threads = 1;
        for (int i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--batches": batches = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (known: --batches N --threads T)");
            }
        set_num_threads(threads);
        var scenario = ScenarioBuilder.SplitFashionMnist(new ScenarioOptions { EpochsPerTask = 1, BatchSize = 128, HeldOutTrainSamples = 0 });
        var stream = Enumerable.Range(0, Math.Min(batches + 20, scenario.BoundaryBatches[0]))
            .Select(i => scenario.GetBatch(i).Batch).Where(b => b.Count == 128).ToList();
        var options = new TameOptions { Seed = 1 };
        var factory = new ClassifierFactory(ModelKind.LeNet5);
        using var model = factory.Create(2, new OptimizerSettings(options.LearningRate, options.Momentum, options.WeightDecay));
        var stats = new InputStatistics(28, 28, options.InputPool, options.InputRidge);
        var buffer = new PriorityBuffer(options.SelectorBufferCapacity, capacityPerPool: false, s => s.Label);
        using var learner = new TameLearner(options, factory);
        var parts = new[] { "encode+features (pooled 7x7)", "training forward + loss", "input shift score", "backward + SGD step",
            "input statistics update", "buffer offers (priority, reservoir)", "eval-mode loss (no grad)", "whole ObserveBatch (robust)" };
        var ms = parts.Select(_ => new List<double>()).ToArray();
        var clock = new Stopwatch();
        double Time(int part, Action action)
        {
            clock.Restart();
            action();
            double t = clock.Elapsed.TotalMilliseconds;
            ms[part].Add(t);
            return t;
        }
        var cpu0 = PhaseTimer.ProcessCpu();
        var wall = Stopwatch.StartNew();
        for (int k = 0; k < stream.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var b = stream[k];
            double[] f = [];
            Time(0, () => f = stats.Features(b.Pixels, b.Count));
            ITrainingStep? step = null;
            Time(1, () => step = model.BeginStep(b));
            Time(2, () => stats.Shift(f));
            Time(3, () => step!.Commit());
            step!.Dispose();
            Time(4, () => stats.Add(f));
            Time(5, () =>
            {
                for (int i = 0; i < b.Count; i++)
                {
                    double p = SamplePriority.Of(b.SampleIds[i], 0);
                    if (buffer.Contains(b.SampleIds[i]) || !buffer.WouldAccept(b.Labels[i], p)) continue;
                    buffer.Offer(new BufferedSample(b.SampleIds[i], b.OwnerIds[i], b.Pixels.AsSpan(i * 784, 784).ToArray(), b.Labels[i], 0, p));
                }
            });
            Time(6, () => model.Loss(b));
            Time(7, () => learner.ObserveBatch(b));
        }
        double cpu = (PhaseTimer.ProcessCpu() - cpu0).TotalSeconds, seconds = wall.Elapsed.TotalSeconds;
        // The first 20 batches warm up allocators and the JIT; medians over the rest.
        report.Header("part (median ms per batch of 128)", "median", "mean");
        for (int p = 0; p < parts.Length; p++)
        {
            var xs = ms[p].Skip(20).Order().ToArray();
            report.Row(parts[p], xs.Length == 0 ? "-" : F(xs[xs.Length / 2]), xs.Length == 0 ? "-" : F(xs.Average()));
        }
        report.Row("CPU / wall seconds of the loop", F(cpu), F(seconds));
        report.Row("load average (1/5/15 min)", File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a", "");
        report.Row("torch threads / batches timed", threads.ToString(CultureInfo.InvariantCulture), Math.Max(0, stream.Count - 20).ToString(CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
