namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>The distinct id lists of a checkpoint record (found by reference first, by content second), written once each.</summary>
internal sealed class IdListTable
{
    private readonly List<IReadOnlyList<string>> _lists = new();
    private readonly Dictionary<object, int> _byReference = new(ReferenceEqualityComparer.Instance);

    public int Index(IReadOnlyList<string> ids)
    {
        if (_byReference.TryGetValue(ids, out int i)) return i;
        i = _lists.FindIndex(l => l.Count == ids.Count && l.SequenceEqual(ids, StringComparer.Ordinal));
        if (i < 0) { i = _lists.Count; _lists.Add(ids); }
        _byReference[ids] = i;
        return i;
    }

    public IReadOnlyList<string> Get(int index) =>
        index >= 0 && index < _lists.Count ? _lists[index] : throw new InvalidDataException($"a stored checkpoint record refers to id list {index} of {_lists.Count}");

    public void Write(BinaryWriter w)
    {
        w.Write(_lists.Count);
        foreach (var list in _lists)
        {
            w.Write(list.Count);
            foreach (var id in list) w.Write(id);
        }
    }

    private static int ReadCount(BinaryReader r, int max, string what)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > max) throw new InvalidDataException($"a stored checkpoint record claims {n} {what}");
        return n;
    }

    public static IdListTable Read(BinaryReader r)
    {
        var table = new IdListTable();
        int n = ReadCount(r, 1 << 20, "id lists");
        for (int i = 0; i < n; i++)
        {
            var ids = new string[ReadCount(r, 1 << 24, "ids in a list")];
            for (int k = 0; k < ids.Length; k++) ids[k] = r.ReadString();
            table._lists.Add(ids);
        }
        return table;
    }
}
