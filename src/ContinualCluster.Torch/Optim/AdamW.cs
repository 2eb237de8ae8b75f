namespace ContinualCluster.Torch.Optim;

/// <summary>Adam with decoupled weight decay (p ← p·(1 − lr·wd) before the Adam step).</summary>
public sealed class AdamW : Adam
{
    internal AdamW(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool maximize)
        : base(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled: true) { }
}
