namespace ContinualCluster.Runtime;

/// <summary>On a grain class: how long its activations may stay idle before collection, overriding the silo default.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public CollectionAgeLimitAttribute(double seconds)
    {
        if (!(seconds > 0)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "CollectionAgeLimit must be positive.");
        Limit = TimeSpan.FromSeconds(seconds);
    }

    public TimeSpan Limit { get; }
}
