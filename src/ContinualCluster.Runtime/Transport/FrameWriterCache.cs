using ContinualCluster.Runtime.Invocation;

namespace ContinualCluster.Runtime.Transport;

/// <summary>A per-thread scratch buffer frames are encoded into before being copied to a connection's batch.</summary>
internal static class FrameWriterCache
{
    [ThreadStatic] private static ArgWriter? _writer;

    public static ArgWriter Rent()
    {
        var w = _writer ?? new ArgWriter(4096);
        _writer = null;
        w.Reset();
        return w;
    }

    public static void Return(ArgWriter w)
    {
        if (w.WrittenSpan.Length <= 1 << 20) _writer = w;
    }

    /// <summary>Starts a frame: length placeholder, kind and call id.</summary>
    public static void Begin(ArgWriter w, FrameKind kind, long callId)
    {
        w.WriteInt32(0);
        w.WriteByte((byte)kind);
        w.WriteInt64(callId);
    }

    /// <summary>Fills in the length of the frame begun at offset 0 and returns it.</summary>
    public static int End(ArgWriter w)
    {
        w.PatchInt32(0, w.Length - 4);
        return w.Length;
    }
}
