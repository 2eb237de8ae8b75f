using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class DeterminismTests
{
    private static byte[] Train(int steps, long seed, int threads)
    {
        set_num_threads(threads);
        manual_seed(seed);
        using var model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 3 * 3, 16), nn.Tanh(), nn.Linear(16, 5));
        using var opt = optim.Adam(model.parameters(), 0.01);
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 32, 1, 8, 8 });
            var y = randint(5, new long[] { 32 });
            opt.zero_grad();
            nn.functional.cross_entropy(model.call(x), y).backward();
            opt.step();
        }
        return Serialization.StateDictSerializer.Serialize(model.state_dict());
    }

    [Fact]
    public void Same_seed_and_thread_count_give_bitwise_identical_parameters_after_200_steps()
    {
        var threads = get_num_threads();
        try
        {
            var a = Train(200, 42, 2);
            var b = Train(200, 42, 2);
            Assert.Equal(a, b);
            var c = Train(200, 43, 2);
            Assert.NotEqual(a, c);
        }
        finally { set_num_threads(threads); }
    }

    [Fact]
    public void Deterministic_mode_can_be_switched_on_and_off()
    {
        use_deterministic_algorithms(true);
        Assert.True(are_deterministic_algorithms_enabled());
        use_deterministic_algorithms(false);
        Assert.False(are_deterministic_algorithms_enabled());
    }
}
