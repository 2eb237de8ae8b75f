using ContinualCluster.Torch;
using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

public sealed class TensorBasicsTests
{
    [Fact]
    public void Tensor_round_trips_values_and_shape()
    {
        using var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.data<float>().ToArray());
        using var l = tensor(new long[] { 7, 8 }, new long[] { 2 });
        Assert.Equal(ScalarType.Int64, l.dtype);
        Assert.Equal(new long[] { 7, 8 }, l.data<long>().ToArray());
    }

    [Fact]
    public void Arithmetic_and_matmul_match_hand_computation()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        Assert.Equal(new float[] { 19, 22, 43, 50 }, a.matmul(b).data<float>().ToArray());
        Assert.Equal(new float[] { 6, 8, 10, 12 }, (a + b).data<float>().ToArray());
        Assert.Equal(new float[] { -4, -4, -4, -4 }, (a - b).data<float>().ToArray());
        Assert.Equal(new float[] { 5, 12, 21, 32 }, (a * b).data<float>().ToArray());
        Assert.Equal(new float[] { 2, 4, 6, 8 }, (a * 2).data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 2, 3 }, (a - 1).data<float>().ToArray());
        Assert.Equal(10f, a.sum().item<float>());
        Assert.Equal(new long[] { 1, 1 }, a.argmax(1).data<long>().ToArray());
        var (values, indexes) = b.max(0);
        Assert.Equal(new float[] { 7, 8 }, values.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 1 }, indexes.data<long>().ToArray());
    }

    [Fact]
    public void Slicing_and_indexing_select_the_right_elements()
    {
        using var scope = NewDisposeScope();
        var a = arange(0, 12, 1).reshape(3, 4);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, a[1].data<float>().ToArray());
        Assert.Equal(new float[] { 1, 2, 5, 6, 9, 10 }, a.narrow(1, 1, 2).contiguous().data<float>().ToArray());
        Assert.Equal(new float[] { 8, 9, 10, 11, 0, 1, 2, 3 }, a.index_select(0, tensor(new long[] { 2, 0 })).data<float>().ToArray());
        Assert.Equal(new float[] { 1, 5, 9 }, a[TensorIndex.Colon, TensorIndex.Single(1)].data<float>().ToArray());
        Assert.Equal(new float[] { 4, 6 }, a[1, TensorIndex.Slice(0, 4, 2)].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 3, 4, 7, 8, 11 }, a.gather(1, tensor(new long[] { 0, 3, 0, 3, 0, 3 }, new long[] { 3, 2 })).data<float>().ToArray());
        Assert.Equal(new long[] { 6, 4 }, cat(new[] { a, a }, 0).shape);
        Assert.Equal(new long[] { 2, 3, 4 }, stack(new[] { a, a }, 0).shape);
        Assert.Equal(new long[] { 4, 3 }, a.t().shape);
    }

    [Fact]
    public void Dispose_scope_frees_temporaries_and_keeps_moved_results()
    {
        Settle.Finalizers();
        var before = LiveTensorCount;
        Tensor kept;
        using (var outer = NewDisposeScope())
        {
            using (NewDisposeScope())
            {
                var a = ones(3, 3);
                var b = a * 2 + 1;
                kept = b.sum().MoveToOuterDisposeScope();
            }
            Assert.Equal(27f, kept.item<float>());
            kept.DetachFromDisposeScope();
        }
        Assert.Equal(27f, kept.item<float>());
        kept.Dispose();
        Assert.Equal(before, LiveTensorCount);
    }
}
