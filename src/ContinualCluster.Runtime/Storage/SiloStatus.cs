namespace ContinualCluster.Runtime.Storage;

/// <summary>A silo's life cycle as membership records it; Dead is final for a generation.</summary>
public enum SiloStatus
{
    Joining = 0,
    Active = 1,
    ShuttingDown = 2,
    Dead = 3,
}
