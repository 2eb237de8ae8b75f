namespace ContinualCluster.Learning.Tame;

/// <summary>What TAME decided for one observed batch. With switch confirmation a suspicious batch is held (<see cref="Pending"/>) and assigned
/// together with the next one; <see cref="Assignments"/> lists every batch whose expert became final in this call.</summary>
public sealed record TameDecision(
    long Sequence,
    int ActiveExpert,
    SwitchKind Switch,
    int? PreviousExpert,
    bool Pending,
    IReadOnlyList<BatchAssignment> Assignments,
    double ActiveLoss,
    double Threshold,
    double? InputShift,
    double InputThreshold,
    string Reason,
    int ExpertsScored)
{
    /// <summary>True when a task switch took effect in this call (new or reused expert).</summary>
    public bool Switched => Switch is SwitchKind.NewExpert or SwitchKind.Reused;
}
