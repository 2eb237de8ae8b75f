using System.Diagnostics;
using ContinualCluster.Torch.Modules;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Bench.Torch;

/// <summary>The C# side of the torch benchmark: the same models and loop as torch_bench.py, kept between chunks.</summary>
internal sealed class TorchTrainer : IDisposable
{
    private readonly Sequential _net;
    private readonly Tensor _x, _y;
    private readonly optim.Optimizer _opt;

    public TorchTrainer(string model)
    {
        _net = model == "mlp" ? Mlp() : LeNet();
        _x = model == "mlp" ? randn(128, 784) : randn(new long[] { 128, 1, 32, 32 });
        _y = randint(0, 10, new long[] { 128 });
        _opt = optim.SGD(_net.parameters(), 0.01);
    }

    public static Sequential Mlp() => nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10));

    /// <summary>The LeNet-5 expert of ALGORITHMS.md: sigmoid outputs, cross-entropy on them, 32×32 input.</summary>
    public static Sequential LeNet() => nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10), nn.Sigmoid());

    /// <summary>Runs <paramref name="steps"/> SGD steps and returns each one's milliseconds.</summary>
    public double[] Run(int steps)
    {
        var times = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            using (NewDisposeScope())
            {
                _opt.zero_grad();
                var loss = nn.functional.cross_entropy(_net.call(_x), _y);
                loss.backward();
                _opt.step();
            }
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        return times;
    }

    /// <summary>Median milliseconds of an n×n×n float32 matmul through the binding.</summary>
    public static double Sgemm(int reps, long n = 1024)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        for (var i = 0; i < 3; i++) a.mm(b).Dispose();
        var ms = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var c = a.mm(b);
            ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            c.Dispose();
        }
        return Stats.Median(ms);
    }

    public void Dispose()
    {
        _opt.Dispose();
        _net.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}
