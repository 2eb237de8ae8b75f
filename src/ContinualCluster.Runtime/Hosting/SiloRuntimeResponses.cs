using ContinualCluster.Runtime.Invocation;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.Runtime.Transport;

namespace ContinualCluster.Runtime;

/// <summary>Decoding remote answers: results, "not here" redirections, unavailability and carried errors.</summary>
internal sealed partial class SiloRuntime
{
    internal static T DecodeResult<T>(ReadOnlySpan<byte> payload)
    {
        if (typeof(T) == typeof(VoidResult)) return default!;
        var r = new ArgReader(payload);
        var value = BinaryCodec.Read<T>(ref r);
        r.EnsureEnd();
        return value;
    }

    internal NotHereException ReadNotHere(GrainId id, ReadOnlySpan<byte> payload)
    {
        var r = new ArgReader(payload);
        if (r.ReadByte() == 0)
        {
            _directoryCache.TryRemove(id, out _);
            return new NotHereException(null);
        }
        var entry = new DirectoryEntry(id, r.ReadString()!, r.ReadInt64(), r.ReadString()!);
        _directoryCache[id] = entry;
        return new NotHereException(entry);
    }

    internal static SiloUnavailableException ReadUnavailable(ReadOnlySpan<byte> payload, string siloId)
    {
        var r = new ArgReader(payload);
        string message = r.ReadString() ?? "unavailable";
        bool mayHaveRun = r.ReadByte() != 0;
        return new SiloUnavailableException($"{message} (answered by silo {siloId})", mayHaveRun);
    }

    internal static Exception ReadError(ReadOnlySpan<byte> payload, string siloId)
    {
        var r = new ArgReader(payload);
        return ExceptionCodec.Rebuild(r.ReadString() ?? "System.Exception", r.ReadString() ?? "", siloId);
    }
}
