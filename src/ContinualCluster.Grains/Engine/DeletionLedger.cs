using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// The durable deletion log of one stream: a request is appended to the request log (ids only, never pixels) before
/// it is acknowledged, and every later state change is appended as its own row, so receipts survive restarts.
/// </summary>
public sealed class DeletionLedger
{
    private readonly IRequestLog _log;
    private readonly string _name;
    private readonly ConcurrentDictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);

    public DeletionLedger(IRequestLog log, string streamId)
    {
        _log = log;
        _name = $"deletions/{streamId}";
    }

    public IEnumerable<LedgerEntry> Entries => _entries.Values;
    public int Pending => _entries.Values.Count(e => e.RetrainedAt is null);
    public int Completed => _entries.Values.Count(e => e.RetrainedAt is not null);

    public LedgerEntry? Find(string requestId) => _entries.TryGetValue(requestId, out var e) ? e : null;

    /// <summary>Appends the request durably; returns the entry and whether this call added it (false: a retry).</summary>
    public async Task<(LedgerEntry Entry, bool Added)> AcceptAsync(string requestId, string fingerprint, string[] ids, string? owner,
        DateTimeOffset now, CancellationToken ct)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { fingerprint, owner, ids });
        var result = await _log.AppendAsync(_name, requestId, "deletion", payload, ct);
        if (!result.Added)
        {
            if (_entries.TryGetValue(requestId, out var known)) return (known, false);
            using var doc = JsonDocument.Parse(result.Request.Payload);
            var storedIds = doc.RootElement.GetProperty("ids").EnumerateArray().Select(x => x.GetString()!).ToArray();
            var restored = new LedgerEntry
            {
                RequestId = requestId, Fingerprint = doc.RootElement.GetProperty("fingerprint").GetString()!, SampleIds = storedIds,
                Owner = doc.RootElement.GetProperty("owner").GetString(), AcceptedAt = result.Request.AppendedAt,
            };
            return (_entries.GetOrAdd(requestId, restored), false);
        }
        var entry = new LedgerEntry { RequestId = requestId, Fingerprint = fingerprint, SampleIds = ids, Owner = owner, AcceptedAt = now };
        _entries[requestId] = entry;
        return (entry, true);
    }

    /// <summary>
    /// Rebuilds every entry from the log (requests, then their excluded/retrained rows) after a restart or a move of
    /// the stream; returns the log's rows in order so the caller can replay them.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>> LoadAsync(CancellationToken ct)
    {
        var loaded = new List<LedgerEntry>();
        long after = 0;
        while (true)
        {
            var rows = await _log.ReadAsync(_name, after, 512, ct);
            if (rows.Count == 0) break;
            foreach (var row in rows)
            {
                after = row.Sequence;
                if (row.Kind == "deletion")
                {
                    using var doc = JsonDocument.Parse(row.Payload);
                    var root = doc.RootElement;
                    var entry = new LedgerEntry
                    {
                        RequestId = row.RequestId, Fingerprint = root.GetProperty("fingerprint").GetString()!,
                        SampleIds = root.GetProperty("ids").EnumerateArray().Select(x => x.GetString()!).ToArray(),
                        Owner = root.GetProperty("owner").GetString(), AcceptedAt = row.AppendedAt,
                    };
                    _entries[row.RequestId] = entry;
                    loaded.Add(entry);
                }
                else if (row.Kind.StartsWith("deletion-", StringComparison.Ordinal)
                         && JsonSerializer.Deserialize<Abstractions.Api.DeletionReceipt>(row.Payload) is { } receipt
                         && _entries.TryGetValue(receipt.RequestId, out var known))
                {
                    known.ExcludedAt ??= receipt.ExcludedAt;
                    known.RetrainedAt ??= receipt.RetrainedAt;
                    known.ServedModels = receipt.ServedModels.ToList();
                    known.Lineage = receipt.Lineage;
                    known.RawDataRemoved = receipt.RawDataRemoved;
                }
            }
        }
        return loaded;
    }

    /// <summary>Appends a state change (excluded, retrained) as its own log row.</summary>
    public Task RecordAsync(LedgerEntry entry, string state, CancellationToken ct) =>
        _log.AppendAsync(_name, $"{entry.RequestId}#{state}", "deletion-" + state,
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry.Receipt(false))), ct);
}
