using Xunit;
using static ContinualCluster.Torch.torch;
using F = ContinualCluster.Torch.torch.nn.functional;

namespace ContinualCluster.Torch.Tests;

public sealed class MaxPoolTests
{
    /// <summary>The direct kernel (kernel = stride, no padding) must match libtorch's own kernel, ties included.</summary>
    [Theory]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(2, true)]
    public void Direct_kernel_matches_libtorch_values_and_gradients_bitwise(int k, bool ties)
    {
        manual_seed(13);
        using var scope = NewDisposeScope();
        var data = ties ? randint(3, new long[] { 4, 3, 12, 12 }).to_type(ScalarType.Float32) : randn(new long[] { 4, 3, 12, 12 });
        var a = data.clone().requires_grad_();
        var b = data.clone().requires_grad_();
        var kernel = new long[] { k, k };
        var fast = F.max_pool2d(a, kernel);
        // ceil_mode on sizes divisible by k gives the same windows but takes libtorch's kernel.
        var reference = F.max_pool2d(b, kernel, ceil_mode: true);
        Assert.True(fast.equal(reference));
        var g = randn(fast.shape);
        fast.backward(g);
        reference.backward(g);
        Assert.True(a.grad!.equal(b.grad!));
    }
}
