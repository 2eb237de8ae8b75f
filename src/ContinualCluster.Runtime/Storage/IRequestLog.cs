namespace ContinualCluster.Runtime.Storage;

/// <summary>
/// Append-only, per-log request journal with idempotency keys: a request is acknowledged only after its row is
/// durable, and appending the same request id again returns the original row instead of adding a second one.
/// </summary>
public interface IRequestLog
{
    Task<AppendResult> AppendAsync(string log, string requestId, string kind, byte[] payload, CancellationToken cancellationToken = default);

    Task<LoggedRequest?> FindAsync(string log, string requestId, CancellationToken cancellationToken = default);

    /// <summary>Rows of one log with a sequence number greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LoggedRequest>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when the store behind this log takes one writer at a time (SQLite), so a background write delays the next
    /// acknowledgement's append; false where writers to other rows run side by side (PostgreSQL, in memory).
    /// </summary>
    bool SingleWriter => false;
}
