namespace ContinualCluster.Runtime;

/// <summary>A call or reference named a grain type that no registered interface or class provides.</summary>
public sealed class UnknownGrainTypeException : Exception
{
    public UnknownGrainTypeException(string message) : base(message) { }
}
