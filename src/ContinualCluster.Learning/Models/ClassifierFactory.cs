namespace ContinualCluster.Learning.Models;

/// <summary>Creates LeNet-5 or MLP classifiers (the LoRA kind needs the shared backbone and has its own factory).</summary>
public sealed class ClassifierFactory : IClassifierFactory
{
    public ClassifierFactory(ModelKind kind, InputEncoding? encoding = null, IReadOnlyList<int>? mlpHidden = null, int imageSide = 28, bool sigmoidOutputs = true)
    {
        if (kind == ModelKind.LoRA)
            throw new ArgumentException("LoRA experts need the shared backbone: use LoRAExpertFactory.", nameof(kind));
        Kind = kind;
        Encoding = encoding ?? (kind == ModelKind.LeNet5 ? new InputEncoding() : new InputEncoding(Padding: 0));
        MlpHidden = mlpHidden ?? [100, 100];
        ImageSide = imageSide;
        SigmoidOutputs = sigmoidOutputs;
    }

    public ModelKind Kind { get; }

    public InputEncoding Encoding { get; }

    public IReadOnlyList<int> MlpHidden { get; }

    public int ImageSide { get; }

    /// <summary>LeNet-5 only: sigmoid outputs as in the TAME code (true) or plain logits.</summary>
    public bool SigmoidOutputs { get; }

    public string Name => Kind == ModelKind.LeNet5 ? (SigmoidOutputs ? "lenet5" : "lenet5-logits") : $"mlp({string.Join('-', MlpHidden)})";

    public IClassifierModel Create(int outputs, OptimizerSettings optimizer) => Kind switch
    {
        ModelKind.LeNet5 => new LeNet5(outputs, optimizer, Encoding, SigmoidOutputs),
        _ => new Mlp((ImageSide + 2 * Encoding.Padding) * (ImageSide + 2 * Encoding.Padding), MlpHidden, outputs, optimizer, Encoding),
    };
}
