using System.Text;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Runtime;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// The durable raw data of one stream: each ingested batch (ids, owners, labels, pixels) is one ETag-guarded record in
/// the grain-state store, written before the batch is logged and acknowledged, and rewritten without deleted samples
/// (redacted) once a deletion is accepted, so the store never keeps a deleted sample's pixels.
/// </summary>
public sealed class SampleArchive
{
    /// <summary>The grain-state type under which a stream's batch records are kept.</summary>
    public const string RecordType = "ccl.stream-samples";
    private const string Magic = "ccl-samples v1";
    private readonly IGrainStateStore _store;
    private readonly string _stream;

    public SampleArchive(IGrainStateStore store, string streamId)
    {
        _store = store;
        _stream = streamId;
    }

    private GrainId Key(string kind, string requestId) => new(RecordType, $"{_stream}/{kind}/{requestId}");

    /// <summary>Stores a request's samples (overwriting a record left by an attempt that was never logged).</summary>
    public async Task WriteAsync(string kind, string requestId, IReadOnlyList<Sample> samples, CancellationToken ct)
    {
        var key = Key(kind, requestId);
        var existing = await _store.ReadAsync(key, ct);
        await _store.WriteAsync(key, Encode(samples), existing?.ETag, ct);
    }

    /// <summary>The stored samples of a request, or null when no record exists.</summary>
    public async Task<IReadOnlyList<Sample>?> ReadAsync(string kind, string requestId, CancellationToken ct)
    {
        var stored = await _store.ReadAsync(Key(kind, requestId), ct);
        return stored is null ? null : Decode(stored.Data);
    }

    /// <summary>Rewrites a request's record without <paramref name="deleted"/>; returns how many samples were removed.</summary>
    public async Task<int> RedactAsync(string kind, string requestId, IReadOnlySet<string> deleted, CancellationToken ct)
    {
        var key = Key(kind, requestId);
        for (int attempt = 0; ; attempt++)
        {
            var stored = await _store.ReadAsync(key, ct);
            if (stored is null) return 0;
            var samples = Decode(stored.Data);
            var kept = samples.Where(s => !deleted.Contains(s.Id)).ToList();
            if (kept.Count == samples.Count) return 0;
            try
            {
                await _store.WriteAsync(key, Encode(kept), stored.ETag, ct);
                return samples.Count - kept.Count;
            }
            catch (InconsistentStateException) when (attempt < 3)
            {
                // Another writer changed the record in between: read it again and redact that version.
            }
        }
    }

    /// <summary>Removes a request's record entirely.</summary>
    public async Task RemoveAsync(string kind, string requestId, CancellationToken ct)
    {
        var key = Key(kind, requestId);
        var stored = await _store.ReadAsync(key, ct);
        if (stored is not null) await _store.ClearAsync(key, stored.ETag, ct);
    }

    internal static byte[] Encode(IReadOnlyList<Sample> samples)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(samples.Count);
            foreach (var s in samples)
            {
                w.Write(s.Id);
                w.Write(s.OwnerId);
                w.Write(s.Label);
                w.Write(s.Pixels.Length);
                foreach (var p in s.Pixels) w.Write(p);
            }
        }
        return buffer.ToArray();
    }

    internal static List<Sample> Decode(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        if (r.ReadString() != Magic) throw new InvalidDataException("a stored sample record has an unknown format");
        int n = r.ReadInt32();
        if (n < 0 || n > 1 << 20) throw new InvalidDataException($"a stored sample record claims {n} samples");
        var samples = new List<Sample>(n);
        for (int i = 0; i < n; i++)
        {
            string id = r.ReadString(), owner = r.ReadString();
            int label = r.ReadInt32(), size = r.ReadInt32();
            if (size < 0 || size > 1 << 16) throw new InvalidDataException($"a stored sample claims {size} pixels");
            var pixels = new float[size];
            for (int j = 0; j < size; j++) pixels[j] = r.ReadSingle();
            samples.Add(new Sample(id, owner, label, pixels));
        }
        return samples;
    }
}
