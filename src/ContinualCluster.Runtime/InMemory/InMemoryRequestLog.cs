using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.InMemory;

/// <summary>The append-only request log in process memory, idempotent by request id per log.</summary>
public sealed class InMemoryRequestLog : IRequestLog
{
    private readonly Dictionary<string, List<LoggedRequest>> _logs = new(StringComparer.Ordinal);
    private readonly StoreOutageSwitch _outage;

    public InMemoryRequestLog(StoreOutageSwitch? outage = null) => _outage = outage ?? new StoreOutageSwitch();

    public Task<AppendResult> AppendAsync(string log, string requestId, string kind, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(log);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(payload);
        _outage.ThrowIfDown("request log");
        lock (_logs)
        {
            if (!_logs.TryGetValue(log, out var rows)) _logs[log] = rows = new List<LoggedRequest>();
            var existing = rows.Find(r => r.RequestId == requestId);
            if (existing is not null) return Task.FromResult(new AppendResult(existing, false));
            var row = new LoggedRequest(log, requestId, rows.Count + 1, kind, payload.ToArray(), DateTimeOffset.UtcNow);
            rows.Add(row);
            return Task.FromResult(new AppendResult(row, true));
        }
    }

    public Task<LoggedRequest?> FindAsync(string log, string requestId, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("request log");
        lock (_logs) return Task.FromResult(_logs.TryGetValue(log, out var rows) ? rows.Find(r => r.RequestId == requestId) : null);
    }

    public Task<IReadOnlyList<LoggedRequest>> ReadAsync(string log, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _outage.ThrowIfDown("request log");
        lock (_logs)
        {
            IReadOnlyList<LoggedRequest> result = _logs.TryGetValue(log, out var rows)
                ? rows.Where(r => r.Sequence > afterSequence).Take(limit).ToList() : [];
            return Task.FromResult(result);
        }
    }
}
