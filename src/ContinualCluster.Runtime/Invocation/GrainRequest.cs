namespace ContinualCluster.Runtime.Invocation;

/// <summary>One call of one grain method with its arguments; generated per method, it is also the queued message.</summary>
public abstract class GrainRequest
{
    public abstract int MethodId { get; }

    public abstract string MethodName { get; }

    public abstract RequestFlags Flags { get; }

    /// <summary>Whether the method takes a CancellationToken (then a remote call gets one the caller can cancel).</summary>
    public virtual bool AcceptsCancellation => false;

    /// <summary>The token passed to a method's CancellationToken parameter (the caller's, or the remote call's).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Where the result goes when the call was queued rather than run inline; set by the runtime.</summary>
    public IResponseSink? Sink { get; set; }

    /// <summary>The caller's call id when the request arrived over the transport.</summary>
    internal long RemoteCallId;

    /// <summary>Calls the grain method on <paramref name="grain"/>.</summary>
    public abstract Task Invoke(object grain);

    public abstract void WriteArguments(ArgWriter writer);

    /// <summary>Writes the result of <paramref name="completed"/>, which finished successfully.</summary>
    public abstract void WriteResult(Task completed, ArgWriter writer);

    public override string ToString() => MethodName;
}
