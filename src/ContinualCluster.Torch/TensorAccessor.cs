using System.Collections;

namespace ContinualCluster.Torch;

/// <summary>A row-major copy of a tensor's elements (what TorchSharp's data&lt;T&gt;() gives): index it or call ToArray.</summary>
public sealed class TensorAccessor<T> : IReadOnlyList<T> where T : unmanaged
{
    private readonly T[] _values;

    internal TensorAccessor(T[] values) => _values = values;

    public long Count => _values.LongLength;

    int IReadOnlyCollection<T>.Count => _values.Length;

    public T this[long index] => _values[index];

    T IReadOnlyList<T>.this[int index] => _values[index];

    /// <summary>A fresh array with the elements in row-major order.</summary>
    public T[] ToArray() => (T[])_values.Clone();

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
}
