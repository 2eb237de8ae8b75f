using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Runtime.Audit;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Appends one stream's deletion state transitions (accepted, excluded, retrained) to the hash-chained audit log
/// <c>deletions/{stream}</c>, each exactly once: what is already audited is read back from the audit log itself, so
/// retries, replays after activation and appends lost to a crash are deduplicated or caught up on the next call.
/// Entries hold the request id, kind, count and a SHA-256 of the deleted ids (and of the owner), never sample data.
/// </summary>
public sealed class DeletionAudit
{
    private static readonly DeletionState[] Transitions = { DeletionState.Accepted, DeletionState.Excluded, DeletionState.Retrained };
    private readonly IAuditLog _audit;
    private readonly string _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<string>? _done;

    public DeletionAudit(IAuditLog audit, string streamId)
    {
        _audit = audit;
        _stream = streamId;
        Log = $"deletions/{streamId}";
    }

    /// <summary>The audit log this stream's deletions are chained in.</summary>
    public string Log { get; }

    /// <summary>The audit action of a transition, e.g. <c>deletion-excluded</c>.</summary>
    public static string Action(DeletionState state) => "deletion-" + state.ToString().ToLowerInvariant();

    /// <summary>
    /// Appends every transition of <paramref name="entry"/> up to <paramref name="state"/> not yet in the audit log,
    /// in order; never throws (a failed append is reported and caught up by the next call or activation).
    /// </summary>
    public async Task RecordAsync(LedgerEntry entry, DeletionState state)
    {
        try
        {
            await _gate.WaitAsync();
            try
            {
                _done ??= await LoadAsync();
                foreach (var t in Transitions.Where(t => t <= state))
                {
                    string key = entry.RequestId + "\n" + Action(t);
                    if (_done.Contains(key)) continue;
                    await _audit.AppendAsync(Log, Action(t), entry.RequestId, Details(entry, t));
                    _done.Add(key);
                }
            }
            finally { _gate.Release(); }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"stream {_stream}: auditing deletion {entry.RequestId} ({state}) failed, retried on the next activation: {e.Message}");
        }
    }

    /// <summary>After an activation rebuilt the ledger: audits whatever transitions the ledger reached but the audit log lacks.</summary>
    public async Task CatchUpAsync(IEnumerable<LedgerEntry> entries)
    {
        foreach (var e in entries.ToList()) await RecordAsync(e, e.State);
    }

    private async Task<HashSet<string>> LoadAsync()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        long after = 0;
        while (true)
        {
            var rows = await _audit.ReadAsync(Log, after, 512);
            if (rows.Count == 0) return done;
            foreach (var r in rows)
            {
                after = r.Sequence;
                done.Add(r.Subject + "\n" + r.Action);
            }
        }
    }

    private string Details(LedgerEntry entry, DeletionState state) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["stream"] = _stream,
        ["requestId"] = entry.RequestId,
        ["state"] = state.ToString().ToLowerInvariant(),
        ["kind"] = entry.Owner is null ? "ids" : "owner",
        ["samples"] = entry.SampleIds.Length,
        ["idsSha256"] = Sha256(string.Join('\n', entry.SampleIds.Order(StringComparer.Ordinal))),
        ["ownerSha256"] = entry.Owner is null ? null : Sha256(entry.Owner),
    });

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
