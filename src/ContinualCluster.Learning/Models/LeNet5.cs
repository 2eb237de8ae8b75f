using ContinualCluster.Torch;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models;

/// <summary>TAME's LeNet-5: conv 1→6 5×5, max-pool, conv 6→16 5×5, max-pool, fc 400→120→84→C with ReLU, sigmoid outputs; 28×28 inputs padded to 32×32.</summary>
public sealed class LeNet5 : TorchClassifier
{
    private readonly nn.Module<Tensor, Tensor> _net;

    public LeNet5(int outputs, OptimizerSettings? optimizer = null, InputEncoding? encoding = null, bool sigmoidOutputs = true)
        : base(outputs, encoding ?? new InputEncoding(), optimizer ?? new OptimizerSettings())
    {
        SigmoidOutputs = sigmoidOutputs;
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, outputs),
        };
        if (sigmoidOutputs) layers.Add(nn.Sigmoid());
        _net = nn.Sequential(layers.ToArray());
    }

    /// <summary>True (TAME): outputs pass through a sigmoid and the cross-entropy is taken on them.</summary>
    public bool SigmoidOutputs { get; }

    protected override nn.Module Network => _net;

    protected override Tensor Forward(Tensor input)
    {
        if (input.shape[2] != 32 || input.shape[3] != 32)
            throw new ArgumentException($"LeNet5 needs 32×32 input after padding (got {input.shape[2]}×{input.shape[3]}); use 28×28 images with padding 2.");
        return _net.call(input);
    }
}
