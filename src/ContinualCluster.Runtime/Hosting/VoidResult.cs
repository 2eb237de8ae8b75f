namespace ContinualCluster.Runtime;

/// <summary>The result type of grain methods that return a plain Task.</summary>
public readonly struct VoidResult
{
    public static readonly Task<VoidResult> Completed = Task.FromResult(default(VoidResult));
}
