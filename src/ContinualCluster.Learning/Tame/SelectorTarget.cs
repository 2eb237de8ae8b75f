namespace ContinualCluster.Learning.Tame;

/// <summary>What the selector network is trained to predict from the buffer.</summary>
public enum SelectorTarget
{
    /// <summary>The expert id (TAME): one output per expert.</summary>
    Expert,

    /// <summary>The pair (expert id, within-task label): one output per expert and label; routing sums each expert's outputs. Finer supervision, same data.</summary>
    ExpertAndLabel,
}
