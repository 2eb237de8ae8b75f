using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Storage.AdoNet;

/// <summary>Argument checks shared by the stores: bad input fails before any statement runs.</summary>
internal static class StoreChecks
{
    public static void Grain(GrainId grain)
    {
        if (string.IsNullOrEmpty(grain.Type) || grain.Key is null)
            throw new ArgumentException($"grain id '{grain}' needs a grain type and a key", nameof(grain));
    }

    public static void LogAndRequest(string log, string requestId)
    {
        if (string.IsNullOrWhiteSpace(log)) throw new ArgumentException("log name must not be empty", nameof(log));
        if (string.IsNullOrWhiteSpace(requestId)) throw new ArgumentException("request id must not be empty", nameof(requestId));
    }
}
