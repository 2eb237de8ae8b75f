using Xunit;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Tests;

/// <summary>Compares autograd's gradient with central finite differences, in float64.</summary>
internal static class GradCheck
{
    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Check(f, 1e-6, 1e-5, 1e-4, inputs);

    public static void Check(Func<Tensor[], Tensor> f, double eps, double atol, double rtol, params Tensor[] inputs)
    {
        using var scope = NewDisposeScope();
        foreach (var x in inputs) Assert.Equal(ScalarType.Float64, x.dtype);
        // A fixed random projection turns any output into a scalar whose gradient exercises every output element.
        var output = f(inputs);
        var weight = rand(output.shape, ScalarType.Float64) + 0.5;
        (output * weight).sum().backward();
        for (var k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            if (!x.requires_grad) continue;
            var analytic = x.grad!.data<double>().ToArray();
            var values = x.data<double>().ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                var saved = values[i];
                values[i] = saved + eps;
                var plus = Eval(f, weight, inputs, x, values);
                values[i] = saved - eps;
                var minus = Eval(f, weight, inputs, x, values);
                values[i] = saved;
                x.CopyFrom<double>(values);
                var numeric = (plus - minus) / (2 * eps);
                var tolerance = atol + rtol * Math.Abs(numeric);
                Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance,
                    $"input {k} element {i}: analytic {analytic[i]:G10} vs numeric {numeric:G10}");
            }
        }
    }

    private static double Eval(Func<Tensor[], Tensor> f, Tensor weight, Tensor[] inputs, Tensor x, double[] values)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        x.CopyFrom<double>(values);
        return (f(inputs) * weight).sum().item<double>();
    }

    /// <summary>A float64 leaf with requires_grad, values uniform in [low, high).</summary>
    public static Tensor Input(long[] shape, double low = -1, double high = 1)
    {
        var t = rand(shape, ScalarType.Float64) * (high - low) + low;
        t.requires_grad = true;
        return t;
    }
}
