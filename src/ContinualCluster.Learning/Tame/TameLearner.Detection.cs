using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Tame;

public sealed partial class TameLearner
{
    /// <summary>Batches a newly activated expert trains on before robust detection may fire again.</summary>
    public const int RobustGraceBatches = 5;

    /// <summary>Input-score windows need this many entries before their threshold is used.</summary>
    public const int MinInputWindow = 5;

    /// <summary>ALGORITHMS.md §1 steps 2–6: every expert scores the batch; a switch fires on the active expert's smoothed loss.</summary>
    private TameDecision ClassicStep(long seq, LearnerBatch batch)
    {
        double a = Options.Smoothing;
        var losses = _experts.Select(e => e.Model.Loss(batch)).ToArray();
        foreach (var e in _experts)
            e.SmoothedLoss = e.SmoothedLoss is { } s ? a * losses[e.Id] + (1 - a) * s : losses[e.Id];
        var active = _experts[ActiveExpert];
        active.Threshold = active.LossWindow.Threshold(Options.ThresholdSigmas, Options.MinThresholdStd);
        int scored = losses.Length;
        if (active.SmoothedLoss > active.Threshold)
        {
            TameExpert? chosen = null;
            foreach (var e in _experts)
            {
                if (e.Id == active.Id) continue;
                double hat = a * losses[e.Id] + (1 - a) * (e.ActiveSmoothedLoss ?? losses[e.Id]);
                if (hat < e.Threshold) { chosen = e; break; }
            }
            var kind = chosen is null ? SwitchKind.NewExpert : SwitchKind.Reused;
            double loss;
            if (chosen is null)
            {
                chosen = CreateExpert();
                loss = chosen.Model.Loss(batch);
                scored++;
            }
            else
            {
                loss = losses[chosen.Id];
                chosen.Reuses++;
            }
            ActivateExpert(chosen, seq);
            var assignment = Commit(chosen, seq, batch, [], loss, double.NaN);
            return new TameDecision(seq, chosen.Id, kind, active.Id, false, [assignment], losses[active.Id], active.Threshold,
                null, double.PositiveInfinity, "smoothed loss above threshold", scored);
        }
        var kept = Commit(active, seq, batch, [], losses[active.Id], double.NaN);
        return new TameDecision(seq, active.Id, SwitchKind.None, null, false, [kept], losses[active.Id], active.Threshold,
            null, double.PositiveInfinity, "", scored);
    }

    /// <summary>Scores only the active expert; a suspicion (smoothed loss or input score above its threshold) holds the batch until the next one confirms it.</summary>
    private TameDecision RobustStep(long seq, LearnerBatch batch)
    {
        var active = _experts[ActiveExpert];
        var features = active.Inputs.Features(batch.Pixels, batch.Count);
        // With expert augmentation the optimiser step sees a shifted/mirrored copy, so the detection loss needs its own forward pass.
        using var step = Options.ExpertAugmentation ? null : active.Model.BeginStep(batch);
        double loss = step?.Loss ?? active.Model.Loss(batch);
        double shift = Options.WatchInputs && active.Inputs.Count >= Options.InputWarmupSamples ? active.Inputs.Shift(features) : double.NaN;
        if (_pending.Count > 0)
        {
            bool lossHigh = loss > active.Threshold, inputHigh = shift > active.InputThreshold;
            string first = _pending[0].Reason;
            step?.Dispose();
            if (!lossHigh && !inputHigh)
            {
                var assignments = _pending.Select(p => CommitUnscored(active, p.Sequence, p.Batch)).ToList();
                _pending.Clear();
                assignments.Add(Commit(active, seq, batch, features, loss, shift));
                return new TameDecision(seq, active.Id, SwitchKind.Rejected, null, false, assignments, loss, active.Threshold,
                    NaNToNull(shift), active.InputThreshold, "not confirmed: " + first, 1);
            }
            if (_pending.Count < Options.SwitchConfirmations)
            {
                _pending.Add(new PendingBatch(seq, batch, features, loss, shift, Reason(lossHigh, inputHigh)));
                return new TameDecision(seq, active.Id, SwitchKind.None, null, true, [], loss, active.Threshold, NaNToNull(shift),
                    active.InputThreshold, $"suspected: {first}; confirmation {_pending.Count - 1} of {Options.SwitchConfirmations} by {Reason(lossHigh, inputHigh)}", 1);
            }
            var held = _pending.Select(p => (p.Sequence, p.Batch, p.Features)).Append((seq, batch, features)).ToList();
            _pending.Clear();
            return Switch(active, held, loss, shift, first + "; confirmed by " + Reason(lossHigh, inputHigh), 1);
        }

        active.Threshold = active.LossWindow.Threshold(Options.ThresholdSigmas, Options.MinThresholdStd);
        active.InputThreshold = active.InputWindow.Count >= MinInputWindow
            ? active.InputWindow.Threshold(Options.InputShiftSigmas, Options.MinInputShiftStd)
            : double.PositiveInfinity;
        double a = Options.Smoothing;
        double smoothed = a * loss + (1 - a) * (active.ActiveSmoothedLoss ?? loss);
        bool lossSuspect = smoothed > active.Threshold, inputSuspect = shift > active.InputThreshold;
        if ((lossSuspect || inputSuspect) && seq - _activeSince >= RobustGraceBatches)
        {
            string reason = Reason(lossSuspect, inputSuspect);
            step?.Dispose();
            if (Options.ConfirmSwitches)
            {
                _pending.Add(new PendingBatch(seq, batch, features, loss, shift, reason));
                return new TameDecision(seq, active.Id, SwitchKind.None, null, true, [], loss, active.Threshold,
                    NaNToNull(shift), active.InputThreshold, "suspected: " + reason, 1);
            }
            return Switch(active, [(seq, batch, features)], loss, shift, reason, 1);
        }
        var assignment = Commit(active, seq, batch, features, loss, shift, step);
        return new TameDecision(seq, active.Id, SwitchKind.None, null, false, [assignment], loss, active.Threshold,
            NaNToNull(shift), active.InputThreshold, "", 1);
    }

    /// <summary>Deactivates <paramref name="previous"/> (its thresholds stay frozen), reuses the first other expert whose loss and input
    /// statistics both accept the batches, or creates a new one, and trains the chosen expert on the batches in order.</summary>
    private TameDecision Switch(TameExpert previous, IReadOnlyList<(long Seq, LearnerBatch Batch, double[] Features)> batches,
        double loss, double shift, string reason, int scored)
    {
        double a = Options.Smoothing;
        var allFeatures = batches.SelectMany(b => b.Features).ToArray();
        int total = batches.Sum(b => b.Batch.Count);
        TameExpert? chosen = null;
        foreach (var e in _experts)
        {
            if (e.Id == previous.Id) continue;
            double mean = batches.Sum(b => e.Model.Loss(b.Batch) * b.Batch.Count) / total;
            scored += batches.Count;
            double hat = a * mean + (1 - a) * (e.ActiveSmoothedLoss ?? mean);
            bool lossOk = hat < e.Threshold;
            bool inputOk = !Options.WatchInputs ||
                (e.Inputs.Count >= Options.InputWarmupSamples && e.Inputs.Shift(allFeatures) < e.InputThreshold);
            if (lossOk && inputOk) { chosen = e; break; }
        }
        var kind = chosen is null ? SwitchKind.NewExpert : SwitchKind.Reused;
        chosen ??= CreateExpert();
        if (kind == SwitchKind.Reused) chosen.Reuses++;
        ActivateExpert(chosen, batches[0].Seq);
        var assignments = new List<BatchAssignment>();
        foreach (var (seq, batch, features) in batches)
        {
            double l = chosen.Model.Loss(batch);
            scored++;
            double d = Options.WatchInputs && chosen.Inputs.Count >= Options.InputWarmupSamples ? chosen.Inputs.Shift(features) : double.NaN;
            assignments.Add(Commit(chosen, seq, batch, features, l, d));
        }
        return new TameDecision(batches[^1].Seq, chosen.Id, kind, previous.Id, false, assignments, loss, previous.Threshold,
            NaNToNull(shift), previous.InputThreshold, reason, scored);
    }

    private static string Reason(bool loss, bool input) => (loss, input) switch
    {
        (true, true) => "loss and inputs",
        (true, false) => "loss",
        (false, true) => "inputs",
        _ => "neither",
    };
}
