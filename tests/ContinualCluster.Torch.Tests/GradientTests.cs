using Xunit;
using static ContinualCluster.Torch.torch;
using F = ContinualCluster.Torch.torch.nn.functional;

namespace ContinualCluster.Torch.Tests;

public sealed class GradientTests
{
    private static Tensor In(params long[] shape) => GradCheck.Input(shape);
    private static Tensor Pos(params long[] shape) => GradCheck.Input(shape, 0.5, 2);
    private static Tensor Labels(long classes, long n) => randint(classes, new long[] { n });

    public static TheoryData<string> Ops() => new()
    {
        "add", "sub", "mul", "div", "matmul", "mm", "exp", "log", "sigmoid", "relu", "tanh", "sqrt", "abs", "pow", "neg",
        "softmax", "log_softmax", "sum_dim", "mean", "max_dim", "norm", "clamp", "cross_entropy", "cross_entropy_probs",
        "nll_loss", "mse_loss", "l1_loss", "bce", "bce_logits", "kl_div", "linear", "conv2d", "max_pool2d", "avg_pool2d",
        "pad", "normalize", "transpose", "reshape", "index_select", "gather", "narrow", "index", "cat", "stack",
        "scalar_ops", "lora_linear", "leaky_relu", "gelu", "logsumexp", "where", "masked_fill",
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void Gradient_matches_finite_differences(string op)
    {
        manual_seed(op.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        using var scope = NewDisposeScope();
        switch (op)
        {
            case "add": GradCheck.Check(x => x[0] + x[1], In(3, 4), In(4)); break;
            case "sub": GradCheck.Check(x => x[0] - x[1], In(3, 4), In(3, 4)); break;
            case "mul": GradCheck.Check(x => x[0] * x[1], In(3, 4), In(3, 1)); break;
            case "div": GradCheck.Check(x => x[0] / x[1], In(3, 4), Pos(3, 4)); break;
            case "matmul": GradCheck.Check(x => x[0].matmul(x[1]), In(2, 3, 4), In(4, 5)); break;
            case "mm": GradCheck.Check(x => x[0].mm(x[1]), In(3, 4), In(4, 2)); break;
            case "exp": GradCheck.Check(x => x[0].exp(), In(3, 4)); break;
            case "log": GradCheck.Check(x => x[0].log(), Pos(3, 4)); break;
            case "sigmoid": GradCheck.Check(x => x[0].sigmoid(), In(3, 4)); break;
            case "relu": GradCheck.Check(x => (x[0] * 3).relu(), Pos(3, 4)); GradCheck.Check(x => (-x[0]).relu(), Pos(2, 2)); break;
            case "tanh": GradCheck.Check(x => x[0].tanh(), In(3, 4)); break;
            case "sqrt": GradCheck.Check(x => x[0].sqrt(), Pos(3, 4)); break;
            case "abs": GradCheck.Check(x => x[0].abs() + (-x[1]).abs(), Pos(3, 4), Pos(3, 4)); break;
            case "pow": GradCheck.Check(x => x[0].pow(2.5) + x[0].pow(x[1]), Pos(3, 4), In(3, 4)); break;
            case "neg": GradCheck.Check(x => -x[0], In(3, 4)); break;
            case "softmax": GradCheck.Check(x => x[0].softmax(1), In(3, 5)); break;
            case "log_softmax": GradCheck.Check(x => x[0].log_softmax(-1), In(3, 5)); break;
            case "sum_dim": GradCheck.Check(x => x[0].sum(1, keepdim: true) + x[0].sum(new long[] { 0 }), In(3, 3)); break;
            case "mean": GradCheck.Check(x => x[0].mean(0) * x[0].mean(), In(3, 4)); break;
            case "max_dim": GradCheck.Check(x => x[0].max(1).values + x[0].max(), In(3, 5)); break;
            case "norm": GradCheck.Check(x => x[0].norm(1) + x[0].norm(), In(3, 4)); break;
            case "clamp": GradCheck.Check(x => x[0].clamp(-0.5, 0.5), tensor(new[] { -0.9, -0.2, 0.1, 0.3, 0.8, 0.95 }, new long[] { 6 }, requires_grad: true)); break;
            case "cross_entropy": { var y = Labels(5, 4); GradCheck.Check(x => F.cross_entropy(x[0], y).reshape(1), In(4, 5)); break; }
            case "cross_entropy_probs": GradCheck.Check(x => F.cross_entropy(x[0], x[1].softmax(1)).reshape(1), In(4, 5), In(4, 5)); break;
            case "nll_loss": { var y = Labels(5, 4); GradCheck.Check(x => F.nll_loss(x[0].log_softmax(1), y, reduction: nn.Reduction.Sum).reshape(1), In(4, 5)); break; }
            case "mse_loss": GradCheck.Check(x => F.mse_loss(x[0], x[1]).reshape(1), In(3, 4), In(3, 4)); break;
            case "l1_loss": GradCheck.Check(x => F.l1_loss(x[0], x[1] + 3).reshape(1), In(3, 4), In(3, 4)); break;
            case "bce": GradCheck.Check(x => F.binary_cross_entropy(x[0].sigmoid(), x[1].sigmoid()).reshape(1), In(3, 4), In(3, 4)); break;
            case "bce_logits": GradCheck.Check(x => F.binary_cross_entropy_with_logits(x[0], x[1].sigmoid()).reshape(1), In(3, 4), In(3, 4)); break;
            case "kl_div": GradCheck.Check(x => F.kl_div(x[0].log_softmax(1), x[1].softmax(1), nn.Reduction.Sum).reshape(1), In(3, 4), In(3, 4)); break;
            case "linear": GradCheck.Check(x => F.linear(x[0], x[1], x[2]), In(4, 3), In(2, 3), In(2)); break;
            case "conv2d": GradCheck.Check(x => F.conv2d(x[0], x[1], x[2], padding: new long[] { 1 }), In(2, 2, 5, 5), In(3, 2, 3, 3), In(3)); break;
            case "max_pool2d": GradCheck.Check(x => F.max_pool2d(x[0], new long[] { 2, 2 }), In(1, 2, 4, 4)); break;
            case "avg_pool2d": GradCheck.Check(x => F.avg_pool2d(x[0], new long[] { 2, 2 }), In(1, 2, 4, 4)); break;
            case "pad": GradCheck.Check(x => F.pad(x[0], new long[] { 1, 2, 2, 1 }) + 0, In(1, 1, 3, 3)); GradCheck.Check(x => F.pad(x[0], new long[] { 1, 1, 1, 1 }, PaddingModes.Reflect), In(1, 1, 3, 3)); break;
            case "normalize": GradCheck.Check(x => F.normalize(x[0]), In(3, 4)); break;
            case "transpose": GradCheck.Check(x => x[0].transpose(0, 1).matmul(x[1]), In(3, 4), In(3, 2)); break;
            case "reshape": GradCheck.Check(x => x[0].reshape(6, 2) * x[1].view(6, 2).t().t(), In(3, 4), In(2, 6)); break;
            case "index_select": GradCheck.Check(x => x[0].index_select(0, tensor(new long[] { 2, 0, 2 })), In(3, 4)); break;
            case "gather": GradCheck.Check(x => x[0].gather(1, tensor(new long[] { 0, 3, 1, 1, 2, 0 }, new long[] { 3, 2 })), In(3, 4)); break;
            case "narrow": GradCheck.Check(x => x[0].narrow(1, 1, 2) * x[0].slice(0, 0, 3, 2).narrow(1, 0, 2).sum(), In(3, 4)); break;
            case "index": GradCheck.Check(x => x[0][TensorIndex.Slice(1, null), TensorIndex.Single(2)] + x[0][0, TensorIndex.Slice(0, 2)], In(3, 4)); break;
            case "cat": GradCheck.Check(x => cat(new[] { x[0], x[1] }, 1), In(2, 3), In(2, 2)); break;
            case "stack": GradCheck.Check(x => stack(new[] { x[0], x[1] }, 0), In(2, 3), In(2, 3)); break;
            case "scalar_ops": GradCheck.Check(x => (2.0 - x[0]) * 3 / 2 + 1 - 1.5 / (x[1] + 3), In(3, 4), Pos(3, 4)); break;
            case "lora_linear": GradCheck.Check(LoraForward, In(4, 3), In(2, 3), In(2), In(2, 3), In(2, 2)); break;
            case "leaky_relu": GradCheck.Check(x => F.leaky_relu(x[0], 0.1) + F.leaky_relu(-x[0], 0.2), Pos(3, 4)); break;
            case "gelu": GradCheck.Check(x => F.gelu(x[0]) + F.silu(x[0]), In(3, 4)); break;
            case "logsumexp": GradCheck.Check(x => x[0].logsumexp(1), In(3, 4)); break;
            case "where": GradCheck.Check(x => where(x[2].gt(0), x[0], x[1]), In(3, 4), In(3, 4), In(3, 4).detach()); break;
            case "masked_fill": GradCheck.Check(x => x[0].masked_fill(x[1].gt(0), 0.5), In(3, 4), In(3, 4).detach()); break;
            default: throw new ArgumentException($"no gradient check written for '{op}'");
        }
    }

    /// <summary>The fused LoRA forward (weight, bias, A, B all checked), with scaling 0.75.</summary>
    private static Tensor LoraForward(Tensor[] x) =>
        Tensor.R(Interop.NativeMethods.cc_nn_lora_linear(x[0].Handle, x[1].Handle, x[2].Handle, x[3].Handle, x[4].Handle, 0.75, true), "lora_linear", x[0]);
}
