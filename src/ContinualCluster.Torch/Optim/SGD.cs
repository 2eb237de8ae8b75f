using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Optim;

/// <summary>Stochastic gradient descent with momentum, dampening, Nesterov and weight decay (PyTorch's update rule).</summary>
public sealed class SGD : optim.Optimizer
{
    private readonly double _lr, _momentum, _dampening, _weightDecay;
    private readonly int _flags;

    internal SGD(IEnumerable<ParamGroup> groups, double learningRate, double momentum, double dampening, double weight_decay, bool nesterov, bool maximize)
        : base(0, nameof(SGD))
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "SGD: momentum must be ≥ 0");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening");
        (_lr, _momentum, _dampening, _weightDecay) = (learningRate, momentum, dampening, weight_decay);
        _flags = (nesterov ? 1 : 0) | (maximize ? 2 : 0);
        foreach (var g in groups) add_param_group(g);
    }

    public override void add_param_group(ParamGroup group) =>
        AddGroup(group, group.LearningRateOverride ?? _lr, group.Momentum ?? _momentum, _dampening, group.WeightDecay ?? _weightDecay, 0, _flags);
}
