namespace ContinualCluster.Learning.Models;

/// <summary>Which network an expert (or the selector) is.</summary>
public enum ModelKind
{
    /// <summary>TAME's LeNet-5 with sigmoid outputs, inputs padded to 32×32.</summary>
    LeNet5,

    /// <summary>A fully connected network with ReLU hidden layers.</summary>
    Mlp,

    /// <summary>LoRA adapters and a head on the shared frozen, pretrained backbone.</summary>
    LoRA,
}
