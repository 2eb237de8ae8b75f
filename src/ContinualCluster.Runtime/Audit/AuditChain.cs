using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ContinualCluster.Runtime.Audit;

/// <summary>The audit chain's canonical encoding and hash rule, shared by every store so that any of them can verify.</summary>
public static class AuditChain
{
    /// <summary>Size of a link in bytes (SHA-256).</summary>
    public const int HashSize = 32;

    /// <summary>The previous hash of a log's first entry: 32 zero bytes.</summary>
    public static byte[] GenesisHash => new byte[HashSize];

    /// <summary>Truncates a time to whole microseconds, the precision every store keeps.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>
    /// The canonical bytes of an entry: version byte 1, then log, sequence, time (microseconds since the Unix epoch),
    /// action, subject and details; strings are UTF-8 with a 4-byte big-endian length prefix, numbers 8-byte big-endian.
    /// </summary>
    public static byte[] CanonicalBytes(string log, long sequence, DateTimeOffset at, string action, string subject, string details)
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte(1);
        WriteString(buffer, log);
        WriteInt64(buffer, sequence);
        WriteInt64(buffer, (Normalize(at).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        WriteString(buffer, action);
        WriteString(buffer, subject);
        WriteString(buffer, details);
        return buffer.ToArray();
    }

    /// <summary>SHA-256(previousHash || canonical entry bytes).</summary>
    public static byte[] ComputeHash(byte[] previousHash, string log, long sequence, DateTimeOffset at, string action, string subject, string details)
    {
        if (previousHash.Length != HashSize)
            throw new ArgumentException($"previous hash must be {HashSize} bytes, got {previousHash.Length}", nameof(previousHash));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previousHash);
        sha.AppendData(CanonicalBytes(log, sequence, at, action, subject, details));
        return sha.GetHashAndReset();
    }

    /// <summary>
    /// Builds the entry after the chain's last one (sequence <paramref name="lastSequence"/> with hash
    /// <paramref name="lastHash"/>; 0 and null when the log is empty).
    /// </summary>
    public static AuditEntry Next(long lastSequence, byte[]? lastHash, string log, DateTimeOffset at, string action, string subject, string details)
    {
        Validate(log, action, subject, details);
        var prevHash = lastHash ?? GenesisHash;
        long sequence = lastSequence + 1;
        var time = Normalize(at);
        return new AuditEntry(log, sequence, time, action, subject, details, prevHash,
            ComputeHash(prevHash, log, sequence, time, action, subject, details));
    }

    /// <summary>Rejects empty names and null texts before anything is written.</summary>
    public static void Validate(string log, string action, string subject, string details)
    {
        if (string.IsNullOrWhiteSpace(log)) throw new ArgumentException("audit log name must not be empty", nameof(log));
        if (string.IsNullOrWhiteSpace(action)) throw new ArgumentException("audit action must not be empty", nameof(action));
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(details);
    }

    private static void WriteString(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(s, bytes.Length);
        s.Write(bytes);
    }

    private static void WriteInt32(Stream s, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        s.Write(b);
    }

    private static void WriteInt64(Stream s, long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        s.Write(b);
    }
}
