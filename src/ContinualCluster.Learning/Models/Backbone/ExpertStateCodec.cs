using System.Runtime.InteropServices;

namespace ContinualCluster.Learning.Models.Backbone;

/// <summary>
/// Writes and reads an <see cref="ExpertState"/> bit for bit, optionally as a delta against the previous state of the
/// same chain (a layer or head identical to the previous state's is written as one byte), which is how S3T stage
/// checkpoints are stored: stage j differs from stage j−1 only in block j's adapters and the head.
/// </summary>
public static class ExpertStateCodec
{
    private const byte None = 0, Same = 1, Inline = 2;

    /// <summary>Largest array the reader accepts (guards against a corrupt length allocating gigabytes).</summary>
    private const int MaxValues = 1 << 24;

    /// <summary>Writes <paramref name="state"/>; parts bit-identical to <paramref name="previous"/> are written by reference.</summary>
    public static void Write(BinaryWriter w, ExpertState state, ExpertState? previous)
    {
        w.Write(state.Classes);
        w.Write(state.FeatureSize);
        w.Write(state.Adapters.Count);
        for (int l = 0; l < state.Adapters.Count; l++)
        {
            var a = state.Adapters[l];
            var p = previous is not null && l < previous.Adapters.Count ? previous.Adapters[l] : null;
            if (a is null) { w.Write(None); continue; }
            if (p is not null && (ReferenceEquals(a, p) || a.BitwiseEquals(p))) { w.Write(Same); continue; }
            w.Write(Inline);
            w.Write(a.Rank);
            w.Write(a.InFeatures);
            w.Write(a.OutFeatures);
            WriteFloats(w, a.A);
            WriteFloats(w, a.B);
        }
        bool sameHead = previous is not null && ExpertState.SameBits(state.HeadWeight, previous.HeadWeight) && ExpertState.SameBits(state.HeadBias, previous.HeadBias);
        w.Write(sameHead ? Same : Inline);
        if (sameHead) return;
        WriteFloats(w, state.HeadWeight);
        WriteFloats(w, state.HeadBias);
    }

    /// <summary>Reads a state written by <see cref="Write"/> with the same <paramref name="previous"/>; throws <see cref="InvalidDataException"/> on malformed data.</summary>
    public static ExpertState Read(BinaryReader r, ExpertState? previous)
    {
        int classes = r.ReadInt32(), features = r.ReadInt32(), layers = r.ReadInt32();
        if (classes < 1 || features < 1 || layers < 0 || layers > 4096 || (long)classes * features > MaxValues)
            throw new InvalidDataException($"a stored expert state claims {classes} classes, {features} features and {layers} layers");
        var adapters = new LoRAFactors?[layers];
        for (int l = 0; l < layers; l++)
        {
            byte tag = r.ReadByte();
            switch (tag)
            {
                case None: break;
                case Same:
                    adapters[l] = previous is not null && l < previous.Adapters.Count && previous.Adapters[l] is { } p ? p
                        : throw new InvalidDataException($"a stored expert state refers to layer {l} of a previous stage that has no adapter there");
                    break;
                case Inline:
                    int rank = r.ReadInt32(), inF = r.ReadInt32(), outF = r.ReadInt32();
                    if (rank < 1 || inF < 1 || outF < 1 || (long)rank * inF > MaxValues || (long)rank * outF > MaxValues)
                        throw new InvalidDataException($"a stored adapter of layer {l} claims rank {rank} and shape {outF}×{inF}");
                    var a = ReadFloats(r, rank * inF, $"layer {l} adapter A");
                    var b = ReadFloats(r, outF * rank, $"layer {l} adapter B");
                    adapters[l] = new LoRAFactors(rank, inF, outF, a, b);
                    break;
                default: throw new InvalidDataException($"a stored expert state has an unknown tag {tag} at layer {l}");
            }
        }
        float[] weight, bias;
        byte head = r.ReadByte();
        if (head == Same)
        {
            if (previous is null || previous.Classes != classes || previous.FeatureSize != features)
                throw new InvalidDataException("a stored expert state refers to the head of a previous stage that does not match");
            (weight, bias) = (previous.HeadWeight, previous.HeadBias);
        }
        else if (head == Inline)
        {
            weight = ReadFloats(r, classes * features, "head weight");
            bias = ReadFloats(r, classes, "head bias");
        }
        else throw new InvalidDataException($"a stored expert state has an unknown head tag {head}");
        return new ExpertState(adapters, classes, features, weight, bias);
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] ReadFloats(BinaryReader r, int expected, string what)
    {
        int n = r.ReadInt32();
        if (n != expected) throw new InvalidDataException($"stored {what} has {n} values, expected {expected}");
        var values = new float[n];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (r.Read(bytes) != bytes.Length) throw new InvalidDataException($"stored {what} is truncated");
        return values;
    }
}
