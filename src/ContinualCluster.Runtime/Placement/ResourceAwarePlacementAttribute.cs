namespace ContinualCluster.Runtime;

/// <summary>
/// Places activations on live silos whose labels match <see cref="LabelFilter"/> (e.g. "gpu=true", comma-separated
/// conditions all of which must hold), then on the least loaded by activation count and free memory. When no silo
/// matches, a required filter fails the call; otherwise every live silo is considered.
/// </summary>
public sealed class ResourceAwarePlacementAttribute : PlacementAttribute
{
    public ResourceAwarePlacementAttribute(string labelFilter = "")
    {
        Conditions = LabelFilterParser.Parse(labelFilter);
        LabelFilter = labelFilter;
    }

    public string LabelFilter { get; }

    /// <summary>When true, a call fails if no live silo matches the filter instead of falling back to all silos.</summary>
    public bool Required { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>> Conditions { get; }
}
