namespace ContinualCluster.Runtime;

/// <summary>Parses "key=value,key2=value2" label filters and checks silo labels against them.</summary>
public static class LabelFilterParser
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string filter)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new ArgumentException($"Label filter condition '{part}' must look like key=value.", nameof(filter));
            result.Add(new(part[..eq].Trim(), part[(eq + 1)..].Trim()));
        }
        return result;
    }

    public static bool Matches(IReadOnlyDictionary<string, string> labels, IReadOnlyList<KeyValuePair<string, string>> conditions)
    {
        foreach (var (k, v) in conditions)
            if (!labels.TryGetValue(k, out var actual) || !string.Equals(actual, v, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }
}
