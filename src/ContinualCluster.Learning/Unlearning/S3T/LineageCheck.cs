namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>Result of checking every served checkpoint's lineage against the deleted ids (exactness requires zero violations).</summary>
public sealed record LineageCheck(int ServedCheckpoints, int LineageIds, int DeletedIds, IReadOnlyList<string> Violations)
{
    public bool Clean => Violations.Count == 0;
}
