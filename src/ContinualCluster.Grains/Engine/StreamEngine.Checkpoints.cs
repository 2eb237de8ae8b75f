using System.Diagnostics;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Recovery from stored S3T checkpoints: after the replay has rebuilt every expert's samples, each expert installs its
/// stored shard records whose lineage holds no deleted sample and serves them at once; only what is missing, dead or
/// untrained is trained, in the background.
/// </summary>
public sealed partial class StreamEngine
{
    /// <summary>Where this stream's S3T checkpoints are kept (null: not persisted; recovery retrains every expert).</summary>
    public CheckpointStore? Checkpoints { get; init; }

    /// <summary>What the last recovery restored from stored checkpoints (null: no checkpoint store, or nothing to recover).</summary>
    public CheckpointRecovery? RestoredCheckpoints { get; private set; }

    /// <summary>Stage trainings every expert of this activation has run (restored checkpoints count none).</summary>
    public long StagesTrained => _serving.OfType<ICheckpointedExpert>().Sum(e => e.StagesTrained);

    /// <summary>
    /// Runs inside the recovery turn after the replay: restores each expert's checkpoints and schedules only the training
    /// still needed. Returns true when at least one expert serves restored checkpoints.
    /// </summary>
    private async Task<bool> RestoreCheckpointsAsync(CancellationToken ct)
    {
        if (Checkpoints is null) return false;
        var watch = Stopwatch.StartNew();
        int restored = 0, refused = 0, missing = 0, stages = 0, droppedDeleted = 0, droppedForeign = 0, retrained = 0, queued = 0;
        bool any = false;
        for (int k = 0; k < _experts.Count; k++)
        {
            if (_experts[k] is not ICheckpointedExpert expert) continue;
            var results = await Checkpoints.RestoreAsync(expert, _deleted, ct);
            var usable = results.Where(r => r.Refused is null).ToList();
            refused += results.Count - usable.Count;
            missing += expert.Shards - results.Count;
            droppedDeleted += usable.Sum(r => r.DroppedDeleted);
            droppedForeign += usable.Sum(r => r.DroppedForeign);
            var live = usable.Where(r => r.Live).ToList();
            if (live.Count == 0)
            {
                // Nothing clean was stored for this expert: it trains from scratch, as without checkpoints.
                expert.CompleteRestore(Array.Empty<int>());
                if (_untrained[k] > 0) { ScheduleTraining(k); retrained++; }
                continue;
            }
            any = true;
            restored += live.Count;
            stages += live.Sum(r => r.Prefixes.Sum());
            int untrained = usable.Sum(r => r.Untrained);
            // Samples no stored training saw: retrain now if the live stream would already have (it switched away from
            // this expert, or enough piled up); otherwise they wait for the next training like newly ingested ones.
            bool train = untrained > 0 && (k != _active || untrained >= _options.TrainEverySamples);
            var dead = Enumerable.Range(0, expert.Shards).Where(h => !live.Any(r => r.Shard == h)).ToList();
            expert.CompleteRestore(train ? Array.Empty<int>() : dead);
            _untrained[k] = untrained;
            if (train) { ScheduleTraining(k); retrained++; }
            else queued += dead.Count;
        }
        RestoredCheckpoints = new CheckpointRecovery(restored, refused, missing, stages, droppedDeleted, droppedForeign, retrained, queued, watch.Elapsed.TotalMilliseconds);
        return any;
    }

    /// <summary>Waits for every expert training and every shard retraining running or queued now.</summary>
    private async Task WaitForAllTrainingAsync()
    {
        Task[] training;
        lock (_training) training = _training.Values.ToArray();
        await Task.WhenAll(training);
        foreach (var e in _serving) await e.WaitForRetrainingAsync(CancellationToken.None);
    }
}
