namespace ContinualCluster.Runtime.Invocation;

/// <summary>Receives the outcome of a grain request that an activation ran (a local caller or a remote connection).</summary>
public interface IResponseSink
{
    /// <summary>The grain method's task finished (successfully, faulted or cancelled).</summary>
    void Complete(GrainRequest request, Task finished);

    /// <summary>The request failed before the grain method could run.</summary>
    void Fail(GrainRequest request, Exception error);
}
