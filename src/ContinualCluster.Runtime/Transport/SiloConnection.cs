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
    private readonly ConcurrentDictionary<long, IPendingCall> _pending = new();
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

    /// <summary>Sends a grain call; the answer completes the returned task (re-routed by the runtime when the grain is elsewhere).</summary>
    public Task<T> CallAsync<T>(SiloRuntime runtime, GrainReference target, GrainRequest request, string siloId, CancellationToken cancellationToken)
    {
        var call = new GrainPendingCall<T>(runtime, target, request, siloId, DeadlineIn(_settings.ResponseTimeout), cancellationToken);
        Send(call, target.GrainId, request.MethodId, request.MethodName, request, null, _settings.ResponseTimeout, cancellationToken);
        return call.Task;
    }

    /// <summary>Sends a grain call and hands the answer back as raw bytes (the runtime's resolution path).</summary>
    public Task<ResponseFrame> CallAsync(GrainId grain, GrainRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var call = new PendingCall(DeadlineIn(timeout));
        Send(call, grain, request.MethodId, request.MethodName, request, null, timeout, cancellationToken);
        return call.Task;
    }

    /// <summary>Sends a request with raw argument bytes (for protocol tests: unknown types, methods, garbage payloads).</summary>
    internal Task<ResponseFrame> CallRawAsync(GrainId grain, int methodId, byte[] arguments, TimeSpan timeout)
    {
        var call = new PendingCall(DeadlineIn(timeout));
        Send(call, grain, methodId, "raw", null, arguments, timeout, CancellationToken.None);
        return call.Task;
    }

    private static long DeadlineIn(TimeSpan timeout) => Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    /// <summary>Encodes and queues a request frame, or ends <paramref name="call"/> at once (closed connection, too large).</summary>
    private void Send(IPendingCall call, GrainId grain, int methodId, string methodName, GrainRequest? request, byte[]? rawArguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_failure is not null) { call.OnFailure(NotSent()); return; }
        var w = FrameWriterCache.Rent();
        try
        {
            long id = Interlocked.Increment(ref _nextId);
            FrameWriterCache.Begin(w, FrameKind.Request, id);
            w.WriteInt32((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds));
            w.WriteString(grain.Type);
            w.WriteString(grain.Key);
            w.WriteInt32(methodId);
            if (request is not null) request.WriteArguments(w);
            else w.WriteRaw(rawArguments);
            int length = FrameWriterCache.End(w);
            if (length > _settings.MaxMessageBytes)
            {
                call.OnFailure(new MessageTooLargeException($"Call {grain}.{methodName} encodes to {length} bytes, over MaxMessageBytes {_settings.MaxMessageBytes}."));
                return;
            }
            _pending[id] = call;
            if (cancellationToken.CanBeCanceled)
                call.Registration = cancellationToken.UnsafeRegister(static (s, ct) => ((SiloConnection)((object[])s!)[0]).Cancel((long)((object[])s!)[1], ct), new object[] { this, id });
            try { _sender.Send(w.WrittenSpan); }
            catch (ObjectDisposedException) { if (_pending.TryRemove(id, out _)) call.OnFailure(NotSent()); }
            if (_failure is not null && _pending.TryRemove(id, out _)) call.OnFailure(Failure());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            call.OnFailure(e);
        }
        finally { FrameWriterCache.Return(w); }
    }

    public async Task<SiloLoad> GetStatsAsync()
    {
        long id = Interlocked.Increment(ref _nextId);
        var pending = new PendingCall(DeadlineIn(_settings.ResponseTimeout));
        if (_failure is { } f) throw f;
        _pending[id] = pending;
        Span<byte> frame = stackalloc byte[FrameReader.HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(frame, FrameReader.HeaderBytes - 4);
        frame[4] = (byte)FrameKind.StatsRequest;
        BinaryPrimitives.WriteInt64LittleEndian(frame[5..], id);
        _sender.Send(frame);
        var r = await pending.Task;
        return new SiloLoad(BinaryPrimitives.ReadInt32LittleEndian(r.Payload), BinaryPrimitives.ReadInt64LittleEndian(r.Payload.AsSpan(4)));
    }

    private void Cancel(long id, CancellationToken token)
    {
        if (!_pending.TryRemove(id, out var p)) return;
        p.OnCanceled(token);
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
            _sender.Start(body, _close.Token);
            _ = _sender.Completion.ContinueWith(t => Fail(t.Exception?.GetBaseException() ?? new IOException("the send side closed")), TaskScheduler.Default);
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
        p.OnResponse(kind, body);
    }

    private void Sweep()
    {
        long now = Environment.TickCount64;
        foreach (var (id, p) in _pending)
            if (p.Deadline < now && _pending.TryRemove(id, out _))
                p.OnFailure(new TimeoutException($"No response from silo at {Endpoint} for call {id} within the response timeout; it may or may not have run."));
    }

    private Exception Failure() => _failure ?? new SiloUnavailableException($"Connection to silo at {Endpoint} is closed.", mayHaveRun: false);

    /// <summary>The error for a call refused before it was written: it cannot have run, whatever ended the connection.</summary>
    private Exception NotSent() => _failure is UnauthorizedAccessException u ? u
        : new SiloUnavailableException($"Connection to silo at {Endpoint} is closed: {_failure?.Message}", mayHaveRun: false, _failure);

    private void Fail(Exception cause)
    {
        if (_failure is not null) return;
        bool mayHaveRun = _established;
        _failure = cause is UnauthorizedAccessException ? cause : new SiloUnavailableException(
            $"Connection to silo at {Endpoint} {(mayHaveRun ? "was lost" : "could not be opened")}: {cause.Message}", mayHaveRun, cause);
        _settings.Logger.LogDebug("Transport to {Endpoint} failed: {Error}", Endpoint, cause.Message);
        _close.Cancel();
        _sender.Close(null);
        _sweeper.Dispose();
        _settings.OnFailed(this);
        foreach (var (id, p) in _pending)
            if (_pending.TryRemove(id, out _)) p.OnFailure(_failure);
    }

    public void Close() => Fail(new ObjectDisposedException("transport", "The silo closed its transport."));
}
