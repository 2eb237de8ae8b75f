using System.Buffers;
using System.Diagnostics;
using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// Trains the stages of one sequence: stage j starts from stage j−1's state and trains on the union of slices π(1..j)
/// (ids in order). S3T trains only LoRA block j from the top plus the head; SISA and full retraining train all blocks.
/// Every random choice is seeded from (seed, shard, sequence, stage) alone, so retraining on the same data reproduces
/// a fresh run bit for bit.
/// </summary>
internal sealed class ChainTrainer(LoRAExpertTrainer trainer, S3TOptions options)
{
    /// <summary>Seed of stage <paramref name="stage"/> (0: head initialisation) of a sequence.</summary>
    public int StageSeed(int shard, int sequence, int stage)
    {
        ulong h = options.Seed ^ 0x9E3779B97F4A7C15UL;
        foreach (var v in new[] { shard, sequence, stage })
        {
            h ^= (ulong)(uint)v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
            h *= 0xBF58476D1CE4E5B9UL;
        }
        return (int)(h >> 33);
    }

    /// <summary>
    /// Trains stages From+1..L of one sequence and returns their checkpoints and the cost; <paramref name="onStage"/>
    /// (optional) sees the checkpoints trained so far after each stage.
    /// </summary>
    public (List<StageCheckpoint> Checkpoints, RetrainingCost Cost) Train(
        int shard, int sequence, IReadOnlyList<int> order, int from, ExpertState? start, SliceSnapshot[] snapshots, int generation,
        Action<IReadOnlyList<StageCheckpoint>>? onStage = null)
    {
        var watch = Stopwatch.StartNew();
        var state = start ?? trainer.CreateInitial(options.Classes, StageSeed(shard, sequence, 0));
        var result = new List<StageCheckpoint>();
        long steps = 0;
        for (int j = from + 1; j <= order.Count; j++)
        {
            var used = order.Take(j).Select(s => snapshots[s]).ToArray();
            int count = used.Sum(s => s.Count);
            int pps = snapshots[0].PixelsPerSample;
            // A stage's inputs are megabytes (every slice up to it) and live only for the stage: pooled, so background
            // retraining does not feed the collector that pauses the serving threads.
            var pixels = ArrayPool<float>.Shared.Rent(count * pps);
            var labels = ArrayPool<int>.Shared.Rent(count);
            try
            {
                int at = 0;
                foreach (var s in used)
                {
                    s.Pixels.CopyTo(pixels, at * pps);
                    s.Labels.CopyTo(labels, at);
                    at += s.Count;
                }
                var layers = options.Strategy == UnlearningStrategy.S3T
                    ? trainer.Backbone.LayersOfBlockFromTop(j)
                    : Enumerable.Range(0, trainer.Backbone.Layers).ToArray();
                state = trainer.Train(state, layers, options.Training, pixels, labels, count, StageSeed(shard, sequence, j));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(pixels);
                ArrayPool<int>.Shared.Return(labels);
            }
            steps += (long)count * options.Training.Epochs;
            result.Add(new StageCheckpoint(shard, sequence, j, generation, state,
                used.Select(s => new SliceLineage(s.Shard, s.Slice, s.Ids)).ToArray()));
            onStage?.Invoke(result);
        }
        return (result, new RetrainingCost(result.Count, steps, watch.Elapsed.TotalSeconds));
    }
}
