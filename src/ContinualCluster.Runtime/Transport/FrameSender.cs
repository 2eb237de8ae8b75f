using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Runtime.Transport;

/// <summary>
/// Batches frames from many callers onto one stream: each frame is appended to the current buffer under a lock; the
/// caller that finds no write in progress starts one on its own thread (no hand-off to a writer loop, so no thread
/// pool hop on the way out), and that write takes everything gathered since the last one. If more frames arrived
/// while it wrote, the next rounds continue on the thread pool so the caller is not kept writing for others.
/// </summary>
internal sealed class FrameSender
{
    private readonly object _lock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ArgWriter _current = new(64 * 1024);
    private ArgWriter _spare = new(64 * 1024);
    private Stream? _stream;
    private CancellationToken _cancellation;
    private bool _writing;
    private bool _closed;

    /// <summary>Completes (faulted when a write failed) once the sender is closed; nothing is sent after that.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts writing to <paramref name="stream"/>; frames sent before this call go out first.</summary>
    public void Start(Stream stream, CancellationToken cancellationToken)
    {
        bool write;
        lock (_lock)
        {
            if (_closed) return;
            _stream = stream;
            _cancellation = cancellationToken;
            write = !_writing && _current.Length > 0;
            if (write) _writing = true;
        }
        cancellationToken.UnsafeRegister(static s => ((FrameSender)s!).Close(null), this);
        if (write) StartWriting();
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        bool write;
        lock (_lock)
        {
            if (_closed) throw new ObjectDisposedException(nameof(FrameSender), "The transport stream is closed.");
            _current.WriteRaw(frame);
            write = !_writing && _stream is not null;
            if (write) _writing = true;
        }
        if (write) StartWriting();
    }

    /// <summary>Stops sending; <paramref name="error"/> (null: a normal close) faults <see cref="Completion"/>.</summary>
    public void Close(Exception? error)
    {
        lock (_lock) _closed = true;
        if (error is null) _completion.TrySetResult();
        else _completion.TrySetException(error);
    }

    private void StartWriting()
    {
        // The caller may be a grain turn: the write must not capture its SynchronizationContext.
        var context = SynchronizationContext.Current;
        if (context is not null) SynchronizationContext.SetSynchronizationContext(null);
        try { _ = WriteAsync(); }
        finally { if (context is not null) SynchronizationContext.SetSynchronizationContext(context); }
    }

    private async Task WriteAsync()
    {
        int caller = Environment.CurrentManagedThreadId;
        try
        {
            while (true)
            {
                ArgWriter batch;
                lock (_lock)
                {
                    if (_closed || _current.Length == 0) { _writing = false; return; }
                    batch = _current;
                    _current = _spare;
                    _spare = batch;
                }
                await _stream!.WriteAsync(batch.WrittenMemory, _cancellation).ConfigureAwait(false);
                await _stream.FlushAsync(_cancellation).ConfigureAwait(false);
                lock (_lock)
                {
                    if (batch.Length > 4 << 20) _spare = new ArgWriter(64 * 1024);
                    else batch.Reset();
                }
                if (Environment.CurrentManagedThreadId == caller)
                {
                    bool more;
                    lock (_lock) more = _current.Length > 0;
                    if (more)
                    {
                        caller = -1;
                        await Task.Yield();
                    }
                }
            }
        }
        catch (Exception e)
        {
            lock (_lock) _writing = false;
            Close(e);
        }
    }
}
