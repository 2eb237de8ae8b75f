namespace ContinualCluster.Bench.Torch;

/// <summary>The process's minor page-fault count (/proc/self/stat field 10), to show allocator behaviour per step.</summary>
internal static class PageFaults
{
    public static long Minor()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }
}
