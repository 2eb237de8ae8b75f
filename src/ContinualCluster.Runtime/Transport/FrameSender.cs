using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Runtime.Transport;

/// <summary>
/// Batches frames from many callers: each frame is appended to the current buffer under a lock, and one writer loop
/// swaps buffers and writes everything gathered since its last flush in one write.
/// </summary>
internal sealed class FrameSender
{
    private readonly object _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private ArgWriter _current = new(64 * 1024);
    private ArgWriter _spare = new(64 * 1024);
    private bool _signaled;
    private bool _closed;

    public void Send(ReadOnlySpan<byte> frame)
    {
        bool release = false;
        lock (_lock)
        {
            if (_closed) throw new ObjectDisposedException(nameof(FrameSender), "The transport stream is closed.");
            _current.WriteRaw(frame);
            if (!_signaled) { _signaled = true; release = true; }
        }
        if (release) _signal.Release();
    }

    public async Task RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _signal.WaitAsync(cancellationToken);
                ArgWriter batch;
                lock (_lock)
                {
                    batch = _current;
                    _current = _spare;
                    _spare = batch;
                    _signaled = false;
                }
                await stream.WriteAsync(batch.WrittenMemory, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                lock (_lock)
                {
                    if (batch.WrittenSpan.Length > 4 << 20) _spare = new ArgWriter(64 * 1024);
                    else batch.Reset();
                }
            }
        }
        finally
        {
            lock (_lock) _closed = true;
        }
    }
}
