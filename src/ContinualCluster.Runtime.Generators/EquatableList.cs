using System.Collections.Generic;

namespace ContinualCluster.Runtime.Generators;

/// <summary>A list with value equality, so incremental generator models compare by content.</summary>
internal sealed class EquatableList<T> : List<T>
{
    public override bool Equals(object? obj)
    {
        if (obj is not EquatableList<T> other || other.Count != Count) return false;
        for (int i = 0; i < Count; i++)
            if (!EqualityComparer<T>.Default.Equals(this[i], other[i])) return false;
        return true;
    }

    public override int GetHashCode()
    {
        int h = Count;
        foreach (var item in this) h = h * 31 + (item?.GetHashCode() ?? 0);
        return h;
    }
}
