using ContinualCluster.Runtime.Audit;

namespace ContinualCluster.TestKit.Storage;

/// <summary>Compares audit entries by value, byte arrays included (records compare arrays by reference).</summary>
public sealed class AuditEntryComparer : IEqualityComparer<AuditEntry>
{
    public static AuditEntryComparer Instance { get; } = new();

    public bool Equals(AuditEntry? x, AuditEntry? y) =>
        x is not null && y is not null
        && (x.Log, x.Sequence, x.At, x.Action, x.Subject, x.Details) == (y.Log, y.Sequence, y.At, y.Action, y.Subject, y.Details)
        && x.PreviousHash.AsSpan().SequenceEqual(y.PreviousHash) && x.Hash.AsSpan().SequenceEqual(y.Hash);

    public int GetHashCode(AuditEntry obj) => HashCode.Combine(obj.Log, obj.Sequence);
}
