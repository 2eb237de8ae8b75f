using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Learning.Unlearning.Deletion;

/// <summary>The synchronous answer to a deletion: per-id outcomes and the served configuration that already excludes them.</summary>
/// <param name="RequestId">The request's id.</param>
/// <param name="Outcomes">One entry per requested id (or per sample of the owner).</param>
/// <param name="Served">The configuration being served when the result was produced.</param>
/// <param name="Repeated">True when this request id was seen before: this is the earlier result, nothing changed.</param>
/// <param name="ElapsedMilliseconds">Time from the call to the new served configuration (includes retraining for SISA/full).</param>
/// <param name="RetrainedStages">Training stages run on the request path (0 for S3T).</param>
public sealed record DeletionResult(
    string RequestId,
    IReadOnlyList<DeletionOutcome> Outcomes,
    ServedConfiguration Served,
    bool Repeated,
    double ElapsedMilliseconds,
    int RetrainedStages)
{
    /// <summary>The number of samples this request deleted.</summary>
    public int DeletedCount => Outcomes.Count(o => o.Status == DeletionStatus.Deleted);
}
