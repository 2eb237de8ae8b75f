using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Placement;
using ContinualCluster.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Transport;

/// <summary>
/// One outgoing multiplexed transport stream to another silo: a single long-lived HTTP/2 (h2c) request whose body
/// carries request frames and whose response carries answers, matched by call id.
/// </summary>
internal sealed class SiloConnection
{
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly FrameSender _sender = new();
    private readonly TransportSettings _settings;
    private readonly CancellationTokenSource _close = new();
    private readonly Timer _sweeper;
    private long _nextId;
    private volatile bool _established;
    private volatile Exception? _failure;

    public SiloConnection(string endpoint, TransportSettings settings)
    {
        Endpoint = endpoint;
        _settings = settings;
        _sweeper = new Timer(static s => ((SiloConnection)s!).Sweep(), this, 100, 100);
        _ = Task.Run(RunAsync);
    }

    public string Endpoint { get; }

    public bool IsFailed => _failure is not null;

    public Task<ResponseFrame> CallAsync(GrainId grain, GrainRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        Send(grain, request.MethodId, request.MethodName, request.WriteArguments, timeout, cancellationToken);

    /// <summary>Sends a request with raw argument bytes (for protocol tests: unknown types, methods, garbage payloads).</summary>
    internal Task<ResponseFrame> CallRawAsync(GrainId grain, int methodId, byte[] arguments, TimeSpan timeout) =>
        Send(grain, methodId, "raw", w => w.WriteRaw(arguments), timeout, CancellationToken.None);

    private Task<ResponseFrame> Send(GrainId grain, int methodId, string methodName, Action<ArgWriter> writeArguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var w = FrameWriterCache.Rent();
        long id = Interlocked.Increment(ref _nextId);
        FrameWriterCache.Begin(w, FrameKind.Request, id);
        w.WriteInt32((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds));
        w.WriteString(grain.Type);
        w.WriteString(grain.Key);
        w.WriteInt32(methodId);
        writeArguments(w);
        int length = FrameWriterCache.End(w);
        if (length > _settings.MaxMessageBytes)
        {
            FrameWriterCache.Return(w);
            throw new MessageTooLargeException($"Call {grain}.{methodName} encodes to {length} bytes, over MaxMessageBytes {_settings.MaxMessageBytes}.");
        }
        var pending = Register(id, timeout);
        if (cancellationToken.CanBeCanceled)
            pending.Registration = cancellationToken.UnsafeRegister(static (s, ct) => ((SiloConnection)((object[])s!)[0]).Cancel((long)((object[])s!)[1], ct), new object[] { this, id });
        try { _sender.Send(w.WrittenSpan); }
        catch (ObjectDisposedException) { _pending.TryRemove(id, out _); pending.TrySetException(Failure()); }
        finally { FrameWriterCache.Return(w); }
        return pending.Task;
    }

    public async Task<SiloLoad> GetStatsAsync()
    {
        long id = Interlocked.Increment(ref _nextId);
        var pending = Register(id, _settings.ResponseTimeout);
        Span<byte> frame = stackalloc byte[FrameReader.HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(frame, FrameReader.HeaderBytes - 4);
        frame[4] = (byte)FrameKind.StatsRequest;
        BinaryPrimitives.WriteInt64LittleEndian(frame[5..], id);
        _sender.Send(frame);
        var r = await pending.Task;
        return new SiloLoad(BinaryPrimitives.ReadInt32LittleEndian(r.Payload), BinaryPrimitives.ReadInt64LittleEndian(r.Payload.AsSpan(4)));
    }

    private PendingCall Register(long id, TimeSpan timeout)
    {
        if (_failure is { } f) throw f;
        var pending = new PendingCall(Environment.TickCount64 + (long)timeout.TotalMilliseconds);
        _pending[id] = pending;
        return pending;
    }

    private void Cancel(long id, CancellationToken token)
    {
        if (!_pending.TryRemove(id, out var p)) return;
        p.TrySetCanceled(token);
        Span<byte> frame = stackalloc byte[FrameReader.HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(frame, FrameReader.HeaderBytes - 4);
        frame[4] = (byte)FrameKind.Cancel;
        BinaryPrimitives.WriteInt64LittleEndian(frame[5..], id);
        try { _sender.Send(frame); } catch (ObjectDisposedException) { }
    }

    private async Task RunAsync()
    {
        var content = new DuplexContent();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint + TransportServer.StreamPath)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = content,
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.ClusterSecret);
            request.Headers.Add(TransportServer.FromHeader, _settings.LocalSiloId);
            var send = _settings.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _close.Token);
            var body = await Task.WhenAny(content.Stream, send) == send ? throw await FailedSend(send) : await content.Stream;
            _ = _sender.RunAsync(body, _close.Token).ContinueWith(t => Fail(t.Exception?.GetBaseException() ?? new IOException("send loop ended")), TaskScheduler.Default);
            using var response = await send;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new UnauthorizedAccessException($"Silo at {Endpoint} rejected this silo's cluster secret.");
            if (response.StatusCode != HttpStatusCode.OK)
                throw new IOException($"Silo at {Endpoint} answered the transport stream with HTTP {(int)response.StatusCode}.");
            _established = true;
            await using var stream = await response.Content.ReadAsStreamAsync(_close.Token);
            var reader = new FrameReader(int.MaxValue, OnFrame);
            await reader.RunAsync(PipeReader.Create(stream), _close.Token);
            throw new IOException($"Silo at {Endpoint} closed the transport stream.");
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            content.Complete();
        }
    }

    private static async Task<Exception> FailedSend(Task<HttpResponseMessage> send)
    {
        try { using var r = await send; return new IOException($"The transport stream ended before it opened (HTTP {(int)r.StatusCode})."); }
        catch (Exception e) { return e; }
    }

    private void OnFrame(FrameKind kind, long callId, ReadOnlySpan<byte> body, long oversize)
    {
        if (kind is not (FrameKind.Response or FrameKind.StatsResponse) || !_pending.TryRemove(callId, out var p)) return;
        p.Registration.Dispose();
        if (body.Length < 1 && kind == FrameKind.Response) { p.TrySetException(new MessageDecodeException("Empty response frame.")); return; }
        p.TrySetResult(kind == FrameKind.Response
            ? new ResponseFrame((ResponseStatus)body[0], body[1..].ToArray())
            : new ResponseFrame(ResponseStatus.Ok, body.ToArray()));
    }

    private void Sweep()
    {
        long now = Environment.TickCount64;
        foreach (var (id, p) in _pending)
            if (p.Deadline < now && _pending.TryRemove(id, out _))
                p.TrySetException(new TimeoutException($"No response from silo at {Endpoint} for call {id} within the response timeout; it may or may not have run."));
    }

    private Exception Failure() => _failure ?? new SiloUnavailableException($"Connection to silo at {Endpoint} is closed.", mayHaveRun: false);

    private void Fail(Exception cause)
    {
        if (_failure is not null) return;
        bool mayHaveRun = _established;
        _failure = cause is UnauthorizedAccessException ? cause : new SiloUnavailableException(
            $"Connection to silo at {Endpoint} {(mayHaveRun ? "was lost" : "could not be opened")}: {cause.Message}", mayHaveRun, cause);
        _settings.Logger.LogDebug("Transport to {Endpoint} failed: {Error}", Endpoint, cause.Message);
        _close.Cancel();
        _sweeper.Dispose();
        _settings.OnFailed(this);
        foreach (var (id, p) in _pending)
            if (_pending.TryRemove(id, out _)) p.TrySetException(_failure);
    }

    public void Close() => Fail(new ObjectDisposedException("transport", "The silo closed its transport."));
}
