namespace ContinualCluster.Runtime.Audit;

/// <summary>
/// An append-only, hash-chained audit log (deletions, unlearning requests): every entry's hash covers the previous
/// entry's hash, so changing, removing or reordering any stored entry is detected by <see cref="VerifyAsync"/>.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends an entry to <paramref name="log"/> at the next sequence number and returns it with its hashes.</summary>
    Task<AuditEntry> AppendAsync(string log, string action, string subject, string details, CancellationToken cancellationToken = default);

    /// <summary>Entries of one log with a sequence number greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Walks the whole chain of one log and reports the first entry whose sequence, link or hash is wrong.</summary>
    Task<AuditVerification> VerifyAsync(string log, CancellationToken cancellationToken = default);
}
