namespace ContinualCluster.Runtime.Transport;

/// <summary>A remote call awaiting its answer on a <see cref="SiloConnection"/>: its deadline and how it ends.</summary>
internal interface IPendingCall
{
    /// <summary>Environment.TickCount64 after which the call times out.</summary>
    long Deadline { get; }

    CancellationTokenRegistration Registration { get; set; }

    /// <summary>The answer arrived (called on the connection's reader; must not run caller code inline).</summary>
    void OnResponse(FrameKind kind, ReadOnlySpan<byte> body);

    /// <summary>The call failed without an answer: connection lost or never opened, timeout.</summary>
    void OnFailure(Exception error);

    void OnCanceled(CancellationToken token);
}
