namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>The LoRA factors of one adapted linear layer as plain arrays: A is rank×in, B is out×rank (row-major).</summary>
/// <remarks>The layer computes W·h + (α/r)·B·A·h. Instances are treated as immutable once built.</remarks>
public sealed record LoRAFactors(int Rank, int InFeatures, int OutFeatures, float[] A, float[] B)
{
    /// <summary>Checks the array sizes against the shape.</summary>
    public void Validate()
    {
        if (A.Length != Rank * InFeatures) throw new ArgumentException($"LoRA A has {A.Length} values, expected {Rank}×{InFeatures}");
        if (B.Length != OutFeatures * Rank) throw new ArgumentException($"LoRA B has {B.Length} values, expected {OutFeatures}×{Rank}");
    }

    /// <summary>True when both factors are bit-for-bit identical.</summary>
    public bool BitwiseEquals(LoRAFactors other) =>
        Rank == other.Rank && InFeatures == other.InFeatures && OutFeatures == other.OutFeatures &&
        ExpertState.SameBits(A, other.A) && ExpertState.SameBits(B, other.B);
}
