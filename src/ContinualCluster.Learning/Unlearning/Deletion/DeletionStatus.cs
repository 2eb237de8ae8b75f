namespace ContinualCluster.Learning.Unlearning.Deletion;

/// <summary>What a deletion did to one sample id (or owner).</summary>
public enum DeletionStatus
{
    /// <summary>The sample existed and is now deleted.</summary>
    Deleted,

    /// <summary>The sample had already been deleted by an earlier request: nothing changed.</summary>
    AlreadyDeleted,

    /// <summary>No sample (or no owner) with this id was ever ingested: nothing changed.</summary>
    NotFound,
}
