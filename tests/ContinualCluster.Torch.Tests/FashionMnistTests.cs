using Xunit;
using Xunit.Abstractions;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class FashionMnistTests(ITestOutputHelper output)
{
    private static (Tensor images, Tensor labels) Load(string split)
    {
        var (dims, pixels) = IdxReader.Read(Path.Combine(IdxReader.FashionMnistDirectory, $"{split}-images-idx3-ubyte.gz"));
        var (_, labels) = IdxReader.Read(Path.Combine(IdxReader.FashionMnistDirectory, $"{split}-labels-idx1-ubyte.gz"));
        var x = new float[pixels.Length];
        for (var i = 0; i < x.Length; i++) x[i] = pixels[i] / 255f;
        return (tensor(x, new long[] { dims[0], dims[1] * dims[2] }), tensor(labels.Select(l => (long)l).ToArray(), new long[] { labels.Length }));
    }

    [Fact]
    public void A_small_mlp_reaches_80_percent_test_accuracy_in_one_epoch()
    {
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            manual_seed(12);
            using var scope = NewDisposeScope();
            var (trainX, trainY) = Load("train");
            var (testX, testY) = Load("t10k");
            Assert.Equal(new long[] { 60000, 784 }, trainX.shape);
            using var model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
            using var opt = optim.Adam(model.parameters(), 1e-3);
            const int batch = 128;
            var order = randperm(60000);
            for (long start = 0; start < 60000; start += batch)
            {
                using var step = NewDisposeScope();
                var idx = order.narrow(0, start, Math.Min(batch, 60000 - start));
                opt.zero_grad();
                nn.functional.cross_entropy(model.call(trainX.index_select(0, idx)), trainY.index_select(0, idx)).backward();
                opt.step();
            }
            model.eval();
            using (no_grad())
            {
                var accuracy = model.call(testX).argmax(1).eq(testY).@float().mean().item<float>();
                output.WriteLine($"Fashion-MNIST test accuracy after one epoch: {accuracy:P2}");
                Assert.True(accuracy >= 0.80f, $"test accuracy {accuracy:P2} is below 80%");
            }
        }
        finally { set_num_threads(threads); }
    }
}
