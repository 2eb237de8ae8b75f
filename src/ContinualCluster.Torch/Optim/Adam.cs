using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Optim;

/// <summary>Adam (L2 weight decay added to the gradient), with optional AMSGrad (PyTorch's update rule).</summary>
public class Adam : optim.Optimizer
{
    private readonly double _lr, _beta1, _beta2, _eps, _weightDecay;
    private readonly int _flags;

    internal Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool maximize, bool decoupled)
        : base(decoupled ? 2 : 1, decoupled ? "AdamW" : nameof(Adam))
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), $"betas must be in [0, 1): {beta1}, {beta2}");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be ≥ 0");
        (_lr, _beta1, _beta2, _eps, _weightDecay) = (lr, beta1, beta2, eps, weight_decay);
        _flags = (maximize ? 2 : 0) | (amsgrad ? 4 : 0);
        foreach (var g in groups) add_param_group(g);
    }

    public override void add_param_group(ParamGroup group) =>
        AddGroup(group, group.LearningRateOverride ?? _lr, _beta1, _beta2, group.WeightDecay ?? _weightDecay, _eps, _flags);
}
