namespace ContinualCluster.Runtime;

/// <summary>A call named a method id the grain interface does not have (a version mismatch or a forged message).</summary>
public sealed class UnknownGrainMethodException : Exception
{
    public UnknownGrainMethodException(string grainInterface, int methodId)
        : base($"Grain interface '{grainInterface}' has no method with id {methodId}.") { }
}
