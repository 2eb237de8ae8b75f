namespace ContinualCluster.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    IdleCollection = 0,
    MemoryPressure = 1,
    ApplicationRequested = 2,
    SiloShutdown = 3,
}
