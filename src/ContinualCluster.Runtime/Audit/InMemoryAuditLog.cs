namespace ContinualCluster.Runtime.Audit;

/// <summary>An in-process <see cref="IAuditLog"/> for tests and single-process runs; nothing survives the process.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly Dictionary<string, List<AuditEntry>> _logs = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public InMemoryAuditLog(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    public Task<AuditEntry> AppendAsync(string log, string action, string subject, string details, CancellationToken cancellationToken = default)
    {
        AuditChain.Validate(log, action, subject, details);
        lock (_logs)
        {
            if (!_logs.TryGetValue(log, out var entries)) _logs[log] = entries = new List<AuditEntry>();
            var entry = AuditChain.Next(entries.Count, entries.Count == 0 ? null : entries[^1].Hash, log, _clock.GetUtcNow(), action, subject, details);
            entries.Add(entry);
            return Task.FromResult(entry);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_logs)
        {
            IReadOnlyList<AuditEntry> result = _logs.TryGetValue(log, out var entries)
                ? entries.Where(e => e.Sequence > afterSequence).Take(limit).ToList()
                : Array.Empty<AuditEntry>();
            return Task.FromResult(result);
        }
    }

    public Task<AuditVerification> VerifyAsync(string log, CancellationToken cancellationToken = default)
    {
        var verifier = new AuditChainVerifier(log);
        lock (_logs)
        {
            if (_logs.TryGetValue(log, out var entries))
                foreach (var e in entries)
                    if (!verifier.Add(e)) break;
        }
        return Task.FromResult(verifier.Result());
    }

    /// <summary>Replaces a stored entry as is, bypassing the chain: only for tests that show tampering is detected.</summary>
    public void TamperForTesting(AuditEntry replacement)
    {
        lock (_logs) _logs[replacement.Log][(int)replacement.Sequence - 1] = replacement;
    }
}
