using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Runtime;

/// <summary>Completes a local caller's task from a queued call, never running the caller's continuation inside the activation.</summary>
internal sealed class LocalCallSink<T> : TaskCompletionSource<T>, IResponseSink
{
    public static readonly Func<IResponseSink> Factory = static () => new LocalCallSink<T>();

    public LocalCallSink() : base(TaskCreationOptions.RunContinuationsAsynchronously) { }

    public void Complete(GrainRequest request, Task finished)
    {
        if (finished.IsFaulted) TrySetException(finished.Exception!.InnerExceptions);
        else if (finished.IsCanceled) TrySetCanceled();
        else if (typeof(T) == typeof(VoidResult)) TrySetResult(default!);
        else TrySetResult(((Task<T>)finished).Result);
    }

    public void Fail(GrainRequest request, Exception error) => TrySetException(error);
}
