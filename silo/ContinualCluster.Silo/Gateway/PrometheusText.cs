using System.Text;

namespace ContinualCluster.Silo.Gateway;

/// <summary>Writes one metric family in Prometheus text format: its HELP and TYPE lines, then its samples.</summary>
public static class PrometheusText
{
    /// <summary>Appends <paramref name="name"/> with one sample per (labels, value); labels are "" or already rendered as k="v",….</summary>
    public static void Family(StringBuilder sb, string name, string type, string help, params (string Labels, string Value)[] samples)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
        {
            sb.Append(name);
            if (labels.Length > 0) sb.Append('{').Append(labels).Append('}');
            sb.Append(' ').Append(value).Append('\n');
        }
    }
}
