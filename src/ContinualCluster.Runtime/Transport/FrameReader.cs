using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace ContinualCluster.Runtime.Transport;

/// <summary>
/// Reads length-prefixed frames from a pipe and hands each whole frame to a handler. A frame over the size limit is
/// skipped (its handler sees <c>oversize</c>) without being buffered, so the stream stays usable.
/// </summary>
internal sealed class FrameReader
{
    public const int HeaderBytes = 13;

    /// <summary>Handles one frame: kind, call id, body (empty when oversize), and the body length when oversize.</summary>
    public delegate void FrameHandler(FrameKind kind, long callId, ReadOnlySpan<byte> body, long oversizeLength);

    private readonly int _maxFrameBytes;
    private readonly FrameHandler _handler;
    private long _skipping;
    private int _wanted;

    public FrameReader(int maxFrameBytes, FrameHandler handler)
    {
        _maxFrameBytes = maxFrameBytes;
        _handler = handler;
    }

    public async Task RunAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Once a frame's header is in, wait for the whole frame: a large request arrives in many transport chunks
            // (HTTP/2 DATA frames of 16 KB), and waking the reader for each one costs a thread switch per chunk.
            var result = _wanted > 0 ? await reader.ReadAtLeastAsync(_wanted, cancellationToken) : await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            _wanted = 0;
            while (TryConsume(ref buffer)) { }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    private bool TryConsume(ref ReadOnlySequence<byte> buffer)
    {
        if (_skipping > 0)
        {
            long n = Math.Min(_skipping, buffer.Length);
            buffer = buffer.Slice(n);
            _skipping -= n;
            return _skipping == 0;
        }
        if (buffer.Length < HeaderBytes) return false;
        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var kind = (FrameKind)header[4];
        long callId = BinaryPrimitives.ReadInt64LittleEndian(header[5..]);
        if (length < HeaderBytes - 4) throw new InvalidDataException($"Transport frame length {length} is below the header size.");
        long bodyLength = length - (HeaderBytes - 4);
        if (length > _maxFrameBytes)
        {
            _handler(kind, callId, default, bodyLength);
            buffer = buffer.Slice(HeaderBytes);
            _skipping = bodyLength;
            return true;
        }
        if (buffer.Length < 4 + (long)length)
        {
            _wanted = 4 + length;
            return false;
        }
        var body = buffer.Slice(HeaderBytes, bodyLength);
        if (body.IsSingleSegment) _handler(kind, callId, body.FirstSpan, 0);
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent((int)bodyLength);
            try
            {
                body.CopyTo(rented);
                _handler(kind, callId, rented.AsSpan(0, (int)bodyLength), 0);
            }
            finally { ArrayPool<byte>.Shared.Return(rented); }
        }
        buffer = buffer.Slice(4 + (long)length);
        return true;
    }
}
