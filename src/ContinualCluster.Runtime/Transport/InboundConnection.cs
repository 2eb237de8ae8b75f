using System.Buffers.Binary;
using System.Collections.Concurrent;
using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Transport;

/// <summary>One incoming transport stream: decodes request frames, dispatches them, and writes answers back.</summary>
internal sealed class InboundConnection
{
    private readonly SiloRuntime _runtime;
    private readonly FrameSender _sender = new();
    private readonly RemoteResponder _responder;
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _cancellations = new();

    public InboundConnection(SiloRuntime runtime)
    {
        _runtime = runtime;
        _responder = new RemoteResponder(this);
    }

    public int MaxMessageBytes => _runtime.Options.MaxMessageBytes;

    public async Task RunAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        _sender.Start(context.Response.Body, aborted);
        var reader = new FrameReader(MaxMessageBytes, OnFrame);
        try { await reader.RunAsync(context.Request.BodyReader, aborted); }
        finally
        {
            foreach (var cts in _cancellations.Values) cts.Cancel();
        }
        try { await _sender.Completion; }
        catch (Exception e) { _runtime.Logger.LogDebug("Answers to {Silo} stopped: {Error}", context.Request.Headers[TransportServer.FromHeader].ToString(), e.Message); }
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        try { _sender.Send(frame); }
        catch (ObjectDisposedException) { }
    }

    public void Forget(long callId)
    {
        if (_cancellations.TryRemove(callId, out var cts)) cts.Dispose();
    }

    public void SendError(long callId, Exception error)
    {
        var w = FrameWriterCache.Rent();
        try
        {
            FrameWriterCache.Begin(w, FrameKind.Response, callId);
            switch (error)
            {
                case NotHereException nh:
                    w.WriteByte((byte)ResponseStatus.NotHere);
                    w.WriteByte(nh.Entry is null ? (byte)0 : (byte)1);
                    if (nh.Entry is { } e) { w.WriteString(e.SiloId); w.WriteInt64(e.Generation); w.WriteString(e.Endpoint); }
                    break;
                case SiloUnavailableException su:
                    w.WriteByte((byte)ResponseStatus.Unavailable);
                    w.WriteString(su.Message);
                    w.WriteByte(su.MayHaveRun ? (byte)1 : (byte)0);
                    break;
                default:
                    w.WriteByte((byte)ResponseStatus.Error);
                    w.WriteString(error.GetType().FullName);
                    w.WriteString(error.Message);
                    break;
            }
            FrameWriterCache.End(w);
            Send(w.WrittenSpan);
        }
        finally { FrameWriterCache.Return(w); }
    }

    private void OnFrame(FrameKind kind, long callId, ReadOnlySpan<byte> body, long oversize)
    {
        switch (kind)
        {
            case FrameKind.Request:
                if (oversize > 0)
                {
                    SendError(callId, new MessageTooLargeException($"A request of {oversize} bytes exceeds this silo's MaxMessageBytes {MaxMessageBytes}."));
                    return;
                }
                OnRequest(callId, body);
                break;
            case FrameKind.Cancel:
                if (_cancellations.TryRemove(callId, out var cts)) cts.Cancel();
                break;
            case FrameKind.StatsRequest:
                var load = _runtime.LocalLoad();
                Span<byte> frame = stackalloc byte[FrameReader.HeaderBytes + 12];
                BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length - 4);
                frame[4] = (byte)FrameKind.StatsResponse;
                BinaryPrimitives.WriteInt64LittleEndian(frame[5..], callId);
                BinaryPrimitives.WriteInt32LittleEndian(frame[13..], load.Activations);
                BinaryPrimitives.WriteInt64LittleEndian(frame[17..], load.FreeMemoryBytes);
                Send(frame);
                break;
            default:
                SendError(callId, new MessageDecodeException($"Unknown transport frame kind {(byte)kind}."));
                break;
        }
    }

    private void OnRequest(long callId, ReadOnlySpan<byte> body)
    {
        GrainId grain;
        GrainRequest request;
        try
        {
            var r = new ArgReader(body);
            r.ReadInt32();
            var type = r.ReadStringUtf8();
            string key = r.ReadString() ?? throw new MessageDecodeException("A request had no grain key.");
            int methodId = r.ReadInt32();
            if (!GrainInterfaceRegistry.TryGet(type, out var invoker))
                throw new UnknownGrainTypeException($"Silo {_runtime.SiloId} knows no grain interface '{System.Text.Encoding.UTF8.GetString(type)}'.");
            grain = new GrainId(invoker.GrainType, key);
            request = invoker.Decode(methodId, ref r);
            r.EnsureEnd();
        }
        catch (Exception e)
        {
            SendError(callId, e is MessageDecodeException or UnknownGrainTypeException or UnknownGrainMethodException
                ? e : new MessageDecodeException($"Undecodable request: {e.Message}", e));
            return;
        }
        request.Sink = _responder;
        request.RemoteCallId = callId;
        if (request.AcceptsCancellation)
        {
            var cts = new CancellationTokenSource();
            _cancellations[callId] = cts;
            request.CancellationToken = cts.Token;
        }
        _runtime.DispatchIncoming(grain, request);
    }
}
