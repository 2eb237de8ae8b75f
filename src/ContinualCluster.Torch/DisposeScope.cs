using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope and disposes them with the scope.
/// Scopes are per thread: never hold one across an await.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? t_current;
    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private bool _disposed;

    internal DisposeScope()
    {
        Outer = t_current;
        t_current = this;
    }

    /// <summary>The scope that was current when this one was opened (null for the outermost).</summary>
    public DisposeScope? Outer { get; }

    /// <summary>Tensors this scope will dispose.</summary>
    public int DisposablesCount { get { lock (_tensors) return _tensors.Count; } }

    internal static DisposeScope? Current => t_current;

    internal void Add(Tensor tensor)
    {
        lock (_tensors) _tensors.Add(tensor);
        tensor.OwningDisposeScope = this;
    }

    internal void Remove(Tensor tensor)
    {
        lock (_tensors) _tensors.Remove(tensor);
        tensor.OwningDisposeScope = null;
    }

    /// <summary>Moves <paramref name="tensor"/> out of this scope into the outer scope (or none), returning it.</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        Remove(tensor);
        Outer?.Add(tensor);
        return tensor;
    }

    /// <summary>Removes <paramref name="tensor"/> from this scope: the caller now owns it.</summary>
    public T Detach<T>(T tensor) where T : Tensor
    {
        Remove(tensor);
        return tensor;
    }

    /// <summary>Disposes every tensor still in the scope and makes the outer scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (Environment.CurrentManagedThreadId == _threadId && ReferenceEquals(t_current, this)) t_current = Outer;
        Tensor[] tensors;
        lock (_tensors)
        {
            tensors = _tensors.ToArray();
            _tensors.Clear();
        }
        foreach (var t in tensors)
        {
            t.OwningDisposeScope = null;
            t.Dispose();
        }
    }
}
