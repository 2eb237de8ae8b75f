using System.Text.Json;

namespace ContinualCluster.Storage.Sqlite;

/// <summary>Converts times, labels and ETags to and from the SQLite column encodings the schema uses.</summary>
internal static class SqliteValues
{
    /// <summary>Microseconds since the Unix epoch (UTC): exact, ordered integer comparisons.</summary>
    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + micros * 10, TimeSpan.Zero);

    public static string LabelsToJson(IReadOnlyDictionary<string, string> labels) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(labels.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, string> LabelsFromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();

    /// <summary>A fresh ETag: random, so a state that was cleared and written again never repeats an old ETag.</summary>
    public static string NewETag() => Guid.NewGuid().ToString("N");
}
