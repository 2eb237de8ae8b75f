namespace ContinualCluster.Runtime.Storage;

/// <summary>Identifies a grain in the cluster: its grain type name and its string key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
