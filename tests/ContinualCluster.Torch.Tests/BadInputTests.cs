using ContinualCluster.Torch.Serialization;
using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class BadInputTests
{
    [Fact]
    public void Shape_mismatch_names_the_operation_and_both_shapes()
    {
        using var scope = NewDisposeScope();
        var a = randn(2, 3);
        var b = randn(4, 5);
        var e = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Equal("matmul", e.Operation);
        Assert.Contains("[2, 3] Float32", e.Message);
        Assert.Contains("[4, 5] Float32", e.Message);
        Assert.Contains("cannot be multiplied", e.NativeMessage);
        Assert.Contains("[2, 3]", Assert.Throws<TorchException>(() => a + b).Message);
        Assert.Contains("reshape to [7]", Assert.Throws<TorchException>(() => a.reshape(7)).Message);
        var lin = nn.Linear(10, 2);
        var le = Assert.Throws<TorchException>(() => lin.call(a));
        Assert.Equal("linear", le.Operation);
        Assert.Contains("[2, 3] Float32, [2, 10] Float32", le.Message);
        lin.Dispose();
        // The process goes on working after native errors.
        Assert.Equal(new long[] { 2, 2 }, a.matmul(a.t()).shape);
    }

    [Fact]
    public void Wrong_dtype_is_a_clear_error()
    {
        using var scope = NewDisposeScope();
        var logits = randn(4, 3);
        var floatLabels = tensor(new float[] { 0, 1, 2, 1 });
        var e = Assert.Throws<TorchException>(() => nn.functional.cross_entropy(logits, floatLabels));
        Assert.Equal("cross_entropy", e.Operation);
        Assert.Contains("[4] Float32", e.Message);
        var de = Assert.Throws<TorchException>(() => logits.data<long>());
        Assert.Contains("Int64", de.Message);
        Assert.Contains("Float32", de.Message);
        Assert.Throws<TorchException>(() => logits.index_select(0, tensor(new float[] { 0 })));
        Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
    }

    [Fact]
    public void Use_after_dispose_names_the_operation()
    {
        var t = ones(2, 2);
        t.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => t.exp());
        Assert.Contains("'exp'", e.Message);
        Assert.Contains("'shape'", Assert.Throws<ObjectDisposedException>(() => t.shape).Message);
        using var other = ones(2, 2);
        Assert.Contains("'add'", Assert.Throws<ObjectDisposedException>(() => other + t).Message);
        t.Dispose();
        var opt = optim.SGD(new[] { nn.Parameter(ones(2)) }, 0.1);
        opt.Dispose();
        Assert.Throws<ObjectDisposedException>(() => opt.step());
    }

    [Fact]
    public void Optimizer_and_module_arguments_are_validated()
    {
        using var p = nn.Parameter(ones(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.SGD(new[] { p }, -1));
        Assert.Throws<ArgumentException>(() => optim.SGD(new[] { p }, 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(new[] { p }, beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.Linear(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => set_num_threads(0));
        Assert.Throws<InvalidDataException>(() => StateDictSerializer.Deserialize(new byte[] { 1, 2, 3 }));
    }
}
