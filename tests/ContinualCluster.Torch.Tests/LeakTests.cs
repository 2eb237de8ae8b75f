using System.Diagnostics;
using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class LeakTests
{
    private static long Rss()
    {
        Settle.Finalizers();
        // Free heap pages go back to the OS first, so that RSS counts what is live, not malloc's free lists.
        TrimNativeHeap();
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }

    [Fact]
    public void Ten_thousand_training_steps_leave_live_tensors_unchanged_and_memory_flat()
    {
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            manual_seed(11);
            using var model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 4));
            using var opt = optim.SGD(model.parameters(), 0.01, momentum: 0.9, weight_decay: 1e-4);
            void Steps(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    using var scope = NewDisposeScope();
                    var x = randn(16, 20);
                    var y = randint(4, new long[] { 16 });
                    opt.zero_grad();
                    var loss = nn.functional.cross_entropy(model.call(x), y);
                    loss.backward();
                    opt.step();
                    _ = loss.item<float>();
                }
            }

            Steps(1000);
            Settle.Finalizers();
            long managed0 = LiveTensorCount, native0 = NativeLiveTensorCount, rss0 = Rss(), heap0 = NativeHeapBytes;
            Steps(9000);
            Settle.Finalizers();
            long managed1 = LiveTensorCount, native1 = NativeLiveTensorCount, rss1 = Rss(), heap1 = NativeHeapBytes;
            Assert.Equal(managed0, managed1);
            Assert.Equal(native0, native1);
            var growth = (double)(rss1 - rss0) / rss0;
            Assert.True(growth <= 0.05, $"resident memory grew {growth:P1}: {rss0 / 1024} KiB → {rss1 / 1024} KiB");
            var heapGrowth = (double)(heap1 - heap0) / heap0;
            if (heapGrowth > 0.05)
            {
                // The heap figure is process-wide: the .NET runtime itself (late tiered JIT, thread pool growth on a
                // loaded machine) can allocate once during the window. A leak grows again in a second window; that does not.
                Steps(9000);
                Settle.Finalizers();
                long heap2 = NativeHeapBytes;
                var secondGrowth = (double)(heap2 - heap1) / heap1;
                Assert.True(secondGrowth <= 0.05,
                    $"native heap in use grew {heapGrowth:P1} ({heap0 / 1024} → {heap1 / 1024} KiB), then {secondGrowth:P1} more ({heap2 / 1024} KiB)");
            }
        }
        finally { set_num_threads(threads); }
    }

    [Fact]
    public void Disposing_a_module_and_optimizer_releases_their_tensors()
    {
        Settle.Finalizers();
        var before = LiveTensorCount;
        using (var model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.LoRALinear(2 * 4 * 4, 3, 2, 2)))
        using (var opt = optim.AdamW(model.parameters()))
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            model.call(randn(new long[] { 2, 1, 6, 6 })).sum().backward();
            opt.step();
        }
        Assert.Equal(before, LiveTensorCount);
    }
}
