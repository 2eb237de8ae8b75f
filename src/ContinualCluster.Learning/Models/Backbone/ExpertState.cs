using System.Runtime.InteropServices;

namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>
/// Everything that distinguishes one task expert from the shared frozen backbone: per adapted layer its LoRA factors
/// (null = the layer is not adapted) and the classification head. Plain arrays, immutable by convention, so
/// checkpoints are cheap to keep, compare bit for bit and serialise.
/// </summary>
public sealed class ExpertState
{
    /// <summary>Creates a state; <paramref name="adapters"/> has one entry per backbone layer.</summary>
    public ExpertState(IReadOnlyList<LoRAFactors?> adapters, int classes, int featureSize, float[] headWeight, float[] headBias)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        if (headWeight.Length != classes * featureSize) throw new ArgumentException($"head weight has {headWeight.Length} values, expected {classes}×{featureSize}");
        if (headBias.Length != classes) throw new ArgumentException($"head bias has {headBias.Length} values, expected {classes}");
        foreach (var a in adapters) a?.Validate();
        Adapters = adapters.ToArray();
        Classes = classes;
        FeatureSize = featureSize;
        HeadWeight = headWeight;
        HeadBias = headBias;
    }

    /// <summary>One entry per backbone layer, bottom to top.</summary>
    public IReadOnlyList<LoRAFactors?> Adapters { get; }

    public int Classes { get; }
    public int FeatureSize { get; }

    /// <summary>Head weight, classes×featureSize, row-major.</summary>
    public float[] HeadWeight { get; }

    public float[] HeadBias { get; }

    /// <summary>Trainable parameters this state holds (adapters plus head).</summary>
    public long ParameterCount => HeadWeight.Length + HeadBias.Length + Adapters.Sum(a => a is null ? 0L : a.A.Length + a.B.Length);

    /// <summary>A state with the given layer's adapter replaced.</summary>
    public ExpertState WithAdapter(int layer, LoRAFactors? factors)
    {
        var list = Adapters.ToArray();
        list[layer] = factors;
        return new ExpertState(list, Classes, FeatureSize, HeadWeight, HeadBias);
    }

    /// <summary>True when every adapter and the head are bit-for-bit identical.</summary>
    public bool BitwiseEquals(ExpertState other)
    {
        if (Classes != other.Classes || FeatureSize != other.FeatureSize || Adapters.Count != other.Adapters.Count) return false;
        for (int i = 0; i < Adapters.Count; i++)
        {
            var (a, b) = (Adapters[i], other.Adapters[i]);
            if (a is null != b is null) return false;
            if (a is not null && !a.BitwiseEquals(b!)) return false;
        }
        return SameBits(HeadWeight, other.HeadWeight) && SameBits(HeadBias, other.HeadBias);
    }

    internal static bool SameBits(float[] x, float[] y) =>
        x.Length == y.Length && MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(y.AsSpan()));
}
