using System.Security.Cryptography;
using System.Text;
using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// The bytes of a <see cref="ShardCheckpointRecord"/>: a magic string and format version, the identity fields, a table
/// of distinct id lists (a slice's ids are shared by every stage and sequence that used them), the stage checkpoints as
/// deltas against the previous stage of their sequence, and a SHA-256 of everything before it. Reading checks the hash
/// first, so a torn or corrupted record is an <see cref="InvalidDataException"/>, never a half-built model.
/// </summary>
public static class ShardCheckpointCodec
{
    /// <summary>The first string of every record.</summary>
    public const string Magic = "ccl-s3t-checkpoints";
    private const int HashSize = 32;

    public static byte[] Encode(ShardCheckpointRecord record)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(ShardCheckpointRecord.FormatVersion);
            w.Write(record.BackboneId);
            w.Write(record.Identity);
            w.Write(record.Owner);
            w.Write(record.Shard);
            w.Write(record.Generation);
            var lists = new IdListTable();
            var coverage = record.Coverage.Select(c => (c.Slice, lists.Index(c.Ids))).ToArray();
            var stages = record.Sequences.Select(s => s.Stages.Select(cp => cp.Lineage.Select(l => (l.Slice, lists.Index(l.Ids))).ToArray()).ToArray()).ToArray();
            lists.Write(w);
            w.Write(coverage.Length);
            foreach (var (slice, list) in coverage) { w.Write(slice); w.Write(list); }
            w.Write(record.Sequences.Count);
            for (int b = 0; b < record.Sequences.Count; b++)
            {
                var seq = record.Sequences[b];
                w.Write(seq.Sequence);
                w.Write(seq.Order.Count);
                foreach (var s in seq.Order) w.Write(s);
                w.Write(seq.Stages.Count);
                ExpertState? previous = null;
                for (int j = 0; j < seq.Stages.Count; j++)
                {
                    var cp = seq.Stages[j];
                    w.Write(cp.Stage);
                    w.Write(cp.Generation);
                    w.Write(stages[b][j].Length);
                    foreach (var (slice, list) in stages[b][j]) { w.Write(slice); w.Write(list); }
                    ExpertStateCodec.Write(w, cp.State, previous);
                    previous = cp.State;
                }
            }
        }
        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return buffer.ToArray();
    }

    /// <summary>Decodes a record; throws <see cref="InvalidDataException"/> naming what is wrong (hash, magic, version, structure).</summary>
    public static ShardCheckpointRecord Decode(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < HashSize + 4) throw new InvalidDataException($"a stored checkpoint record of {data.Length} bytes is too short");
        var body = data.AsSpan(0, data.Length - HashSize);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(data.AsSpan(data.Length - HashSize)))
            throw new InvalidDataException("a stored checkpoint record fails its SHA-256 check (torn or corrupted)");
        using var r = new BinaryReader(new MemoryStream(data, 0, data.Length - HashSize), Encoding.UTF8);
        try
        {
            string magic = r.ReadString();
            if (magic != Magic) throw new InvalidDataException($"a stored checkpoint record starts with '{magic}', expected '{Magic}'");
            int version = r.ReadInt32();
            if (version != ShardCheckpointRecord.FormatVersion)
                throw new InvalidDataException($"a stored checkpoint record has format version {version}; this build reads version {ShardCheckpointRecord.FormatVersion} only");
            string backbone = r.ReadString(), identity = r.ReadString(), owner = r.ReadString();
            int shard = r.ReadInt32(), generation = r.ReadInt32();
            var lists = IdListTable.Read(r);
            int n = Count(r, 1 << 16, "coverage slices");
            var coverage = new SliceLineage[n];
            for (int i = 0; i < n; i++) coverage[i] = new SliceLineage(shard, r.ReadInt32(), lists.Get(r.ReadInt32()));
            int sequences = Count(r, 1 << 16, "sequences");
            var seqs = new SequenceCheckpoints[sequences];
            for (int b = 0; b < sequences; b++)
            {
                int sequence = r.ReadInt32();
                var order = new int[Count(r, 1 << 16, "slice order")];
                for (int i = 0; i < order.Length; i++) order[i] = r.ReadInt32();
                var chain = new StageCheckpoint[Count(r, 1 << 16, "stages")];
                ExpertState? previous = null;
                for (int j = 0; j < chain.Length; j++)
                {
                    int stage = r.ReadInt32(), gen = r.ReadInt32();
                    var lineage = new SliceLineage[Count(r, 1 << 16, "lineage slices")];
                    for (int i = 0; i < lineage.Length; i++) lineage[i] = new SliceLineage(shard, r.ReadInt32(), lists.Get(r.ReadInt32()));
                    var state = ExpertStateCodec.Read(r, previous);
                    chain[j] = new StageCheckpoint(shard, sequence, stage, gen, state, lineage);
                    previous = state;
                }
                seqs[b] = new SequenceCheckpoints(sequence, order, chain);
            }
            if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("a stored checkpoint record has trailing bytes");
            return new ShardCheckpointRecord(backbone, identity, owner, shard, generation, seqs, coverage);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("a stored checkpoint record is truncated");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"a stored checkpoint record is malformed: {e.Message}");
        }
    }

    private static int Count(BinaryReader r, int max, string what)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > max) throw new InvalidDataException($"a stored checkpoint record claims {n} {what}");
        return n;
    }
}
