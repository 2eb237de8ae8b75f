namespace ContinualCluster.Runtime.Audit;

/// <summary>One audit log entry: what was done to which subject, when, and the hash chain link that seals it.</summary>
public sealed record AuditEntry(
    string Log,
    long Sequence,
    DateTimeOffset At,
    string Action,
    string Subject,
    string Details,
    byte[] PreviousHash,
    byte[] Hash);
