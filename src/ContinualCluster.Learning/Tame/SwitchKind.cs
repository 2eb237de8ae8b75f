namespace ContinualCluster.Learning.Tame;

/// <summary>What a batch did to the set of experts.</summary>
public enum SwitchKind
{
    /// <summary>The active expert kept learning.</summary>
    None,

    /// <summary>A switch was detected and a new expert was created.</summary>
    NewExpert,

    /// <summary>A switch was detected and an earlier expert was reused.</summary>
    Reused,

    /// <summary>A suspected switch was not confirmed by the next batch: a spike, absorbed by the active expert.</summary>
    Rejected,
}
