namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>The number format a merged serving ensemble computes in (its checkpoints stay float32 either way).</summary>
public enum ServingPrecision
{
    /// <summary>bfloat16 where the processor computes it natively (AVX-512 BF16 or AMX), float32 elsewhere.</summary>
    Auto,

    /// <summary>Exactly the unmerged checkpoints' arithmetic.</summary>
    Float32,

    /// <summary>Weights and activations rounded to bfloat16 (8-bit mantissa), logits averaged in float32.</summary>
    BFloat16,
}
