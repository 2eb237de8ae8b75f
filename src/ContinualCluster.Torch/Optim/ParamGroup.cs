using ContinualCluster.Torch.Modules;

namespace ContinualCluster.Torch.Optim;

/// <summary>Parameters that share hyper-parameters; an unset value takes the optimizer's default.</summary>
public sealed class ParamGroup
{
    public ParamGroup(IEnumerable<Parameter> parameters, double? lr = null, double? weight_decay = null, double? momentum = null)
    {
        Parameters = parameters.ToList();
        LearningRateOverride = lr;
        WeightDecay = weight_decay;
        Momentum = momentum;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    internal double? LearningRateOverride { get; }
    public double? WeightDecay { get; }
    public double? Momentum { get; }

    internal Action<double>? OnLearningRateChanged { get; set; }
    private double _lr;

    /// <summary>The group's current learning rate (settable, e.g. by a schedule).</summary>
    public double LearningRate
    {
        get => _lr;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "learning rate must be finite and ≥ 0");
            _lr = value;
            OnLearningRateChanged?.Invoke(value);
        }
    }

    internal void InitLearningRate(double lr) => _lr = lr;
}
