using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>
/// A short fingerprint of a frozen backbone (shape, LoRA rank and scale, and every weight bit), so that stored expert
/// checkpoints are refused by a silo whose backbone differs instead of being loaded onto the wrong features.
/// </summary>
public static class BackboneIdentity
{
    private static readonly ConditionalWeakTable<FrozenBackbone, string> Cache = new();

    /// <summary>The fingerprint of <paramref name="backbone"/> ("mlp-784x256x256-r8a16-" + 16 hex bytes of SHA-256), computed once per instance.</summary>
    public static string Of(FrozenBackbone backbone) => Cache.GetValue(backbone, Compute);

    private static string Compute(FrozenBackbone backbone)
    {
        var o = backbone.Options;
        string shape = $"mlp-{o.InputSize}x{string.Join('x', o.HiddenSizes)}-b{o.LayersPerBlock}-r{o.LoRARank}a{o.LoRAAlpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(shape));
        for (int l = 0; l < backbone.Layers; l++)
        {
            hash.AppendData(MemoryMarshal.AsBytes(backbone.WeightArrays[l].AsSpan()));
            hash.AppendData(MemoryMarshal.AsBytes(backbone.BiasArrays[l].AsSpan()));
        }
        return shape + "-" + Convert.ToHexString(hash.GetHashAndReset(), 0, 16).ToLowerInvariant();
    }
}
