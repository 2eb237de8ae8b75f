namespace ContinualCluster.Abstractions.Api;

/// <summary>The stages a deletion goes through: logged, no longer influencing any served model, fully retrained.</summary>
public enum DeletionState
{
    Accepted,
    Excluded,
    Retrained,
}
