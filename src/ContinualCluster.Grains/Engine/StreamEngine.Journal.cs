using System.Collections.Concurrent;
using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// The deletion journal: what a deletion writes to the store after its acknowledgement (the "excluded" and "retrained"
/// rows, their audit entries, the archive's redaction) is written by one dedicated thread, in order, and never while a
/// deletion is being acknowledged. The store's writes block their thread (SQLite's are synchronous under the async
/// API), so on the thread pool a burst of them starved the pool that answers requests, and each one competed for the
/// store's write lock with the next acknowledgement's ledger row (SQLite's busy wait sleeps in steps of up to 100 ms).
/// Redactions of one batch requested by several deletions queued together are written once. Only a single-writer store
/// (<see cref="ContinualCluster.Runtime.Storage.IRequestLog.SingleWriter"/>) makes the acknowledgement and the journal
/// take turns; PostgreSQL writes them side by side.
/// </summary>
public sealed partial class StreamEngine
{
    private readonly BlockingCollection<(LedgerEntry Entry, DeletionState State)> _journal = new();
    private readonly SemaphoreSlim _storeWrites = new(1, 1);
    private const int QuietMilliseconds = 20;
    private int _acknowledging;
    private long _lastAcknowledged;
    private Thread? _journalThread;

    /// <summary>Queues a transition's rows; the journal thread starts on first use.</summary>
    private void Journal(LedgerEntry entry, DeletionState state)
    {
        if (IsDisposed) return;
        lock (_journal)
        {
            if (_journalThread is null)
            {
                _journalThread = new Thread(JournalLoop) { IsBackground = true, Name = $"deletion journal {_id}" };
                _journalThread.Start();
            }
        }
        try { _journal.Add((entry, state)); }
        catch (InvalidOperationException) { }   // disposed meanwhile: the receipt completes on the next activation
    }

    private void JournalLoop()
    {
        try
        {
            foreach (var first in _journal.GetConsumingEnumerable())
            {
                var batch = new List<(LedgerEntry Entry, DeletionState State)> { first };
                while (_journal.TryTake(out var more)) batch.Add(more);
                try { WriteJournal(batch); }
                catch (Exception e) when (!IsDisposed) { Console.Error.WriteLine($"stream {_id}: deletion journal failed: {e.Message}"); }
                catch (Exception) { return; }
            }
        }
        catch (ObjectDisposedException) { }
    }

    private void WriteJournal(List<(LedgerEntry Entry, DeletionState State)> batch)
    {
        foreach (var (entry, state) in batch)
        {
            string name = state == DeletionState.Excluded ? "excluded" : "retrained";
            Write(() => Ledger.RecordAsync(entry, name, CancellationToken.None));
            if (Audit is not null) Write(() => Audit.RecordAsync(entry, state));
        }
        var excluded = batch.Where(b => b.State == DeletionState.Excluded).Select(b => b.Entry).ToList();
        if (_archive is not null)
            foreach (var redaction in excluded.SelectMany(e => e.RedactBatches.Select(b => (Batch: b, Entry: e))).GroupBy(r => r.Batch))
            {
                var deleted = redaction.SelectMany(r => r.Entry.SampleIds).ToHashSet(StringComparer.Ordinal);
                Write(() => _archive.RedactAsync("ingest", redaction.Key, deleted, CancellationToken.None));
            }
        foreach (var entry in excluded)
        {
            if (_archive is not null && entry.RedactBatches.Count > 0) entry.RawDataRemoved = true;
            _ = FinishRetrainingAsync(entry);
        }
    }

    /// <summary>
    /// One store write from the journal thread, in a gap between acknowledgements: none in progress and none for
    /// <see cref="QuietMilliseconds"/> (waiting at most a second, so a steady stream of deletions still gets journalled).
    /// </summary>
    private void Write(Func<Task> write)
    {
        long deadline = Environment.TickCount64 + 1000;
        while (!IsDisposed && Environment.TickCount64 < deadline
               && (Volatile.Read(ref _acknowledging) > 0 || Environment.TickCount64 - Volatile.Read(ref _lastAcknowledged) < QuietMilliseconds))
            Thread.Sleep(2);
        if (!_log.SingleWriter)
        {
            write().GetAwaiter().GetResult();
            return;
        }
        _storeWrites.Wait();
        try { write().GetAwaiter().GetResult(); }
        finally { _storeWrites.Release(); }
    }

    /// <summary>The acknowledgement's ledger row: ahead of the journal's writes, which wait for it.</summary>
    private async Task<(LedgerEntry Entry, bool Added)> AcceptDeletionAsync(string requestId, string fingerprint, string[] ids, string? owner, CancellationToken ct)
    {
        // Where the store takes writers side by side (PostgreSQL) a journal write in progress (an archive redaction rewrites
        // a whole batch record) does not hold the acknowledgement up; with one writer (SQLite) the two take turns here.
        bool single = _log.SingleWriter;
        if (single) await _storeWrites.WaitAsync(ct);
        try { return await Ledger.AcceptAsync(requestId, fingerprint, ids, owner, _time.GetUtcNow(), ct); }
        finally
        {
            Volatile.Write(ref _lastAcknowledged, Environment.TickCount64);
            if (single) _storeWrites.Release();
        }
    }

    private void StopJournal()
    {
        _journal.CompleteAdding();
        _journalThread?.Join(TimeSpan.FromSeconds(10));
    }
}
