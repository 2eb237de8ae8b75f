using ContinualCluster.Torch;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Learning.Models;

/// <summary>A fully connected classifier: flatten, hidden ReLU layers, linear outputs (logits).</summary>
public sealed class Mlp : TorchClassifier
{
    private readonly nn.Module<Tensor, Tensor> _net;

    public Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, OptimizerSettings? optimizer = null, InputEncoding? encoding = null)
        : base(outputs, encoding ?? new InputEncoding(Padding: 0), optimizer ?? new OptimizerSettings())
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (inputs < 1 || hidden.Any(h => h < 1)) throw new ArgumentException("MLP layer sizes must be positive.");
        Inputs = inputs;
        var layers = new List<nn.Module<Tensor, Tensor>> { nn.Flatten() };
        int prev = inputs;
        foreach (var h in hidden)
        {
            layers.Add(nn.Linear(prev, h));
            layers.Add(nn.ReLU());
            prev = h;
        }
        layers.Add(nn.Linear(prev, outputs));
        _net = nn.Sequential(layers.ToArray());
    }

    /// <summary>Values per encoded input image (e.g. 784 for 28×28 without padding).</summary>
    public int Inputs { get; }

    protected override nn.Module Network => _net;

    protected override Tensor Forward(Tensor input)
    {
        long n = input.shape[1] * input.shape[2] * input.shape[3];
        if (n != Inputs) throw new ArgumentException($"this MLP takes {Inputs} values per image, got {n}.");
        return _net.call(input);
    }
}
