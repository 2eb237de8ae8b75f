using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Transport;

/// <summary>Carries an exception across silos as (type name, message) and rebuilds well-known types on the caller.</summary>
internal static class ExceptionCodec
{
    public static Exception Rebuild(string type, string message, string siloId)
    {
        string where = $"{message} (on silo {siloId})";
        return type switch
        {
            "System.ArgumentException" => new ArgumentException(where),
            "System.ArgumentNullException" => new ArgumentNullException(null, where),
            "System.ArgumentOutOfRangeException" => new ArgumentOutOfRangeException(null, where),
            "System.InvalidOperationException" => new InvalidOperationException(where),
            "System.NotSupportedException" => new NotSupportedException(where),
            "System.Collections.Generic.KeyNotFoundException" => new KeyNotFoundException(where),
            "System.TimeoutException" => new TimeoutException(where),
            "System.OperationCanceledException" or "System.Threading.Tasks.TaskCanceledException" => new OperationCanceledException(where),
            "ContinualCluster.Runtime.Storage.InconsistentStateException" => new InconsistentStateException(where, null, null),
            "ContinualCluster.Runtime.Storage.StoreUnavailableException" => new StoreUnavailableException(where),
            "ContinualCluster.Runtime.UnknownGrainTypeException" => new UnknownGrainTypeException(where),
            "ContinualCluster.Runtime.UnknownGrainMethodException" => new GrainCallException(type, where),
            "ContinualCluster.Runtime.MessageTooLargeException" => new MessageTooLargeException(where),
            "ContinualCluster.Runtime.MessageDecodeException" => new MessageDecodeException(where),
            _ => new GrainCallException(type, where),
        };
    }
}
