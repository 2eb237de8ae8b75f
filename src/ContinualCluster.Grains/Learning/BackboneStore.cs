using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Grains.Learning;

/// <summary>Pretrains the shared frozen backbone on the public split once and caches its weights in a file keyed by its settings.</summary>
public static class BackboneStore
{
    public static FrozenBackbone LoadOrPretrain(BackboneOptions options, string? cachePath, Action<string>? log)
    {
        string key = $"ccl-backbone v1 {options.InputSize} {string.Join('x', options.HiddenSizes)} {options.LayersPerBlock} {options.LoRARank} " +
                     $"{options.LoRAAlpha} {options.PretrainSamples} {options.PretrainEpochs} {options.PretrainBatchSize} {options.PretrainLearningRate} {options.Seed}";
        if (!string.IsNullOrEmpty(cachePath) && File.Exists(cachePath))
        {
            try
            {
                using var reader = new BinaryReader(File.OpenRead(cachePath));
                if (reader.ReadString() == key)
                {
                    int layers = reader.ReadInt32();
                    var w = new float[layers][];
                    var b = new float[layers][];
                    for (int l = 0; l < layers; l++) { w[l] = ReadArray(reader); b[l] = ReadArray(reader); }
                    log?.Invoke($"backbone loaded from {cachePath}");
                    return FrozenBackbone.FromArrays(options, w, b);
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or ArgumentException)
            {
                log?.Invoke($"backbone cache {cachePath} unusable ({e.Message}); pretraining again");
            }
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        log?.Invoke($"pretraining the frozen backbone on the first {options.PretrainSamples} Fashion-MNIST training images (public split, never deleted)");
        var backbone = FrozenBackbone.Pretrain(FashionMnist.Load(FashionMnistSplit.Train), options);
        log?.Invoke($"backbone pretrained in {started.Elapsed.TotalSeconds:0.0} s (pretraining accuracy {backbone.PretrainAccuracy:P1})");
        if (!string.IsNullOrEmpty(cachePath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cachePath))!);
            string tmp = cachePath + ".tmp";
            using (var writer = new BinaryWriter(File.Create(tmp)))
            {
                writer.Write(key);
                writer.Write(backbone.WeightArrays.Count);
                for (int l = 0; l < backbone.WeightArrays.Count; l++) { WriteArray(writer, backbone.WeightArrays[l]); WriteArray(writer, backbone.BiasArrays[l]); }
            }
            File.Move(tmp, cachePath, overwrite: true);
        }
        return backbone;
    }

    private static float[] ReadArray(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 1 << 26) throw new InvalidDataException($"array length {n} is out of range");
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.ReadSingle();
        return a;
    }

    private static void WriteArray(BinaryWriter w, float[] a)
    {
        w.Write(a.Length);
        foreach (var v in a) w.Write(v);
    }
}
