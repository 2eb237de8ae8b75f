using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Runtime.Transport;

/// <summary>Answers one incoming call on the connection it came from.</summary>
internal sealed class RemoteResponder : IResponseSink
{
    private readonly InboundConnection _connection;

    public RemoteResponder(InboundConnection connection) => _connection = connection;

    public void Complete(GrainRequest request, Task finished)
    {
        long callId = request.RemoteCallId;
        _connection.Forget(callId);
        if (finished.IsCompletedSuccessfully)
        {
            var w = FrameWriterCache.Rent();
            try
            {
                FrameWriterCache.Begin(w, FrameKind.Response, callId);
                w.WriteByte((byte)ResponseStatus.Ok);
                request.WriteResult(finished, w);
                int length = FrameWriterCache.End(w);
                if (length > _connection.MaxMessageBytes)
                    throw new MessageTooLargeException($"The result of {request.MethodName} encodes to {length} bytes, over MaxMessageBytes {_connection.MaxMessageBytes}.");
                _connection.Send(w.WrittenSpan);
                return;
            }
            catch (Exception e) { Fail(request, e); return; }
            finally { FrameWriterCache.Return(w); }
        }
        Fail(request, finished.IsCanceled ? new OperationCanceledException("The grain call was cancelled.") : finished.Exception!.GetBaseException());
    }

    public void Fail(GrainRequest request, Exception error)
    {
        _connection.Forget(request.RemoteCallId);
        _connection.SendError(request.RemoteCallId, error);
    }
}
