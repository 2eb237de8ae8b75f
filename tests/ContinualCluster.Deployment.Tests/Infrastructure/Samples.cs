using System.Globalization;
using System.Text;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Small synthetic gateway bodies: labelled 28×28 images as JSON, with stable sample ids.</summary>
public static class Samples
{
    public static string Ingest(string requestId, string idPrefix, int count, int seed, int[] labels)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        sb.Append("{\"requestId\":\"").Append(requestId).Append("\",\"samples\":[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(',');
            int label = labels[i % labels.Length];
            sb.Append("{\"id\":\"").Append(idPrefix).Append('-').Append(i).Append("\",\"owner\":\"owner-").Append(i % 4)
              .Append("\",\"label\":").Append(label).Append(",\"pixels\":[").Append(Pixels(rng, label)).Append("]}");
        }
        return sb.Append("]}").ToString();
    }

    public static string Predict(int count, int seed)
    {
        var rng = new Random(seed);
        return "{\"images\":[" + string.Join(',', Enumerable.Range(0, count).Select(i => "[" + Pixels(rng, i % 10) + "]")) + "]}";
    }

    public static string Delete(string requestId, IEnumerable<string> ids) =>
        $"{{\"requestId\":\"{requestId}\",\"sampleIds\":[{string.Join(',', ids.Select(i => $"\"{i}\""))}]}}";

    /// <summary>A class-dependent blob plus noise, so that classes are learnable.</summary>
    private static string Pixels(Random rng, int label)
    {
        var sb = new StringBuilder();
        for (int p = 0; p < 784; p++)
        {
            int r = p / 28, c = p % 28;
            double v = Math.Abs(r - 4 - 2 * label) < 3 && Math.Abs(c - 14) < 8 ? 0.8 : 0.05;
            v = Math.Clamp(v + (rng.NextDouble() - 0.5) * 0.1, 0, 1);
            if (p > 0) sb.Append(',');
            sb.Append(v.ToString("0.###", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
