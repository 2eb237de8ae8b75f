using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContinualCluster.Learning.Unlearning.Placement;

/// <summary>The persisted, auditable rule that maps a sample id to its (shard, slice): a keyed HMAC-SHA256 of the id.</summary>
/// <remarks>
/// Everything needed to recompute a placement is in this record (name, version, seed, m, L), so a placement can be
/// re-derived and checked at any time. The hash is keyed so that an adversary who does not know the seed cannot choose
/// ids that all land in one slice.
/// </remarks>
public sealed record PlacementFunction(string Name, int Version, string SeedHex, int Shards, int Slices)
{
    /// <summary>The only function name implemented: HMAC-SHA256(seed as 8 little-endian bytes, UTF-8 id).</summary>
    public const string HmacSha256 = "hmac-sha256-utf8-id";

    /// <summary>The version of <see cref="HmacSha256"/>: shard = h mod m, slice = (h / m) mod L over the first 8 bytes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Creates the current placement function for m shards and L slices keyed by <paramref name="seed"/>.</summary>
    public static PlacementFunction Create(ulong seed, int shards, int slices)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "shards must be at least 1");
        if (slices < 1) throw new ArgumentOutOfRangeException(nameof(slices), slices, "slices must be at least 1");
        return new PlacementFunction(HmacSha256, CurrentVersion, seed.ToString("x16", CultureInfo.InvariantCulture), shards, slices);
    }

    /// <summary>Places one sample: the result carries the owner so that owner deletions can find it.</summary>
    public SamplePlacement Place(string sampleId, string ownerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sampleId);
        ArgumentNullException.ThrowIfNull(ownerId);
        var (shard, slice) = Locate(sampleId);
        return new SamplePlacement(sampleId, ownerId, shard, slice);
    }

    /// <summary>Computes (shard, slice) for an id; deterministic for the same record.</summary>
    public (int Shard, int Slice) Locate(string sampleId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sampleId);
        Validate();
        Span<byte> key = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(key, ulong.Parse(SeedHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        byte[] data = Encoding.UTF8.GetBytes(sampleId);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, data, hash);
        ulong h = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        int shard = (int)(h % (ulong)Shards);
        int slice = (int)(h / (ulong)Shards % (ulong)Slices);
        return (shard, slice);
    }

    /// <summary>Throws when the record names a function or version this code does not implement, or bad sizes.</summary>
    public void Validate()
    {
        if (Name != HmacSha256) throw new InvalidOperationException($"unknown placement function '{Name}'");
        if (Version != CurrentVersion) throw new InvalidOperationException($"unknown placement function version {Version}");
        if (Shards < 1 || Slices < 1) throw new InvalidOperationException($"placement needs m ≥ 1 and L ≥ 1, got m={Shards}, L={Slices}");
        if (SeedHex is null || !ulong.TryParse(SeedHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
            throw new InvalidOperationException($"placement seed '{SeedHex}' is not a 64-bit hex number");
    }
}
