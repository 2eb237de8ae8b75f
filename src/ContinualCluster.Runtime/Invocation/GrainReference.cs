using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>The base of every generated grain proxy: the grain's identity and the runtime that carries its calls.</summary>
public abstract class GrainReference : IGrain, IEquatable<GrainReference>
{
    protected GrainReference(GrainId id, IGrainCallRuntime runtime)
    {
        GrainId = id;
        Runtime = runtime;
    }

    public GrainId GrainId { get; }

    public IGrainCallRuntime Runtime { get; }

    /// <summary>The runtime's cached resolution of where this grain lives (a local activation); may be stale.</summary>
    internal object? CachedTarget;

    protected Task<T> InvokeAsync<T>(GrainRequest request, CancellationToken cancellationToken) =>
        Runtime.InvokeAsync<T>(this, request, cancellationToken);

    protected Task InvokeVoidAsync(GrainRequest request, CancellationToken cancellationToken) =>
        Runtime.InvokeVoidAsync(this, request, cancellationToken);

    public bool Equals(GrainReference? other) => other is not null && other.GrainId == GrainId;

    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
