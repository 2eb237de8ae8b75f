using ContinualCluster.Torch;
using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class TrainingSmokeTests
{
    [Fact]
    public void Sgd_on_a_small_mlp_drives_the_loss_down()
    {
        manual_seed(1);
        using var model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3));
        using var opt = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        using var x = randn(64, 4);
        using var y = x.narrow(1, 0, 1).gt(0).@long().squeeze(1) + x.narrow(1, 1, 1).gt(0).@long().squeeze(1);
        float first = 0, last = 0;
        for (var i = 0; i < 100; i++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            opt.step();
            if (i == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
    }

    [Fact]
    public void LeNet_layers_produce_the_expected_shapes_and_gradients()
    {
        manual_seed(2);
        using var model = nn.Sequential(
            nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(400, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10), nn.Sigmoid());
        using var scope = NewDisposeScope();
        var x = nn.functional.pad(randn(new long[] { 8, 1, 28, 28 }), new long[] { 2, 2, 2, 2 });
        Assert.Equal(new long[] { 8, 1, 32, 32 }, x.shape);
        var y = model.call(x);
        Assert.Equal(new long[] { 8, 10 }, y.shape);
        nn.functional.cross_entropy(y, randint(10, new long[] { 8 })).backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
        Assert.Equal(10, model.named_parameters().Count());
        Assert.Equal("0.weight", model.named_parameters().First().name);
    }
}
