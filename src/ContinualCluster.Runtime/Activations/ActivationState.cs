namespace ContinualCluster.Runtime.Activations;

/// <summary>An activation's life: created, then valid (serving), then deactivating, then invalid.</summary>
internal enum ActivationState
{
    Creating = 0,
    Valid = 1,
    Deactivating = 2,
    Invalid = 3,
}
