namespace ContinualCluster.Learning.Tame;

/// <summary>How task switches are detected: as the public TAME code does, or the robust variant of this project.</summary>
public enum TameDetection
{
    /// <summary>ALGORITHMS.md §1 as written: every expert scores every batch; a switch fires as soon as the active expert's smoothed loss crosses its threshold; reuse by loss alone.</summary>
    Classic,

    /// <summary>Only the active expert scores a batch (all experts only when a switch is suspected); the input distribution is watched beside the loss;
    /// a suspicion must be confirmed by the next batch; an old expert is reused only when its loss and its input statistics both agree.</summary>
    Robust,
}
