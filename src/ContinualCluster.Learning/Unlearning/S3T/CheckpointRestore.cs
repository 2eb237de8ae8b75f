using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>The checks a stored shard record passes before any of it is installed: identity and shape first (whole record), then lineage per stage.</summary>
internal static class CheckpointRestore
{
    public const int Clean = 0, HoldsDeleted = 1, Foreign = 2;

    /// <summary>Why the record cannot be used at all, or null when its identity and every state's shape fit this model.</summary>
    public static string? Refusal(ShardedUnlearningModel model, ShardCheckpointRecord record, string owner, FrozenBackbone backbone)
    {
        var o = model.Options;
        if (record.Owner != owner) return $"it was written for '{record.Owner}', not '{owner}'";
        if (record.BackboneId != model.BackboneId) return $"it was trained on backbone {record.BackboneId}, this silo has {model.BackboneId}";
        if (record.Identity != model.CheckpointIdentity) return $"it was trained with settings '{record.Identity}', this model has '{model.CheckpointIdentity}'";
        if (record.Sequences.Count != o.Sequences) return $"it holds {record.Sequences.Count} sequences, the model has {o.Sequences}";
        for (int b = 0; b < o.Sequences; b++)
        {
            var seq = record.Sequences[b];
            var order = model.SequenceOrders[b];
            if (seq.Sequence != b || !seq.Order.SequenceEqual(order))
                return $"sequence {b} has slice order [{string.Join(',', seq.Order)}], the model's is [{string.Join(',', order)}]";
            if (seq.Stages.Count > o.Slices) return $"sequence {b} holds {seq.Stages.Count} stages, L = {o.Slices}";
            for (int j = 0; j < seq.Stages.Count; j++)
            {
                var cp = seq.Stages[j];
                if (cp.Stage != j + 1 || cp.Shard != record.Shard || cp.Sequence != b)
                    return $"sequence {b} position {j} is stage {cp.Stage} of shard {cp.Shard} sequence {cp.Sequence}";
                var slices = cp.Lineage.Select(l => l.Slice).OrderBy(s => s);
                if (!slices.SequenceEqual(order.Take(j + 1).OrderBy(s => s)))
                    return $"stage {j + 1} of sequence {b} was trained on slices [{string.Join(',', cp.Lineage.Select(l => l.Slice))}], expected the first {j + 1} of its order";
                if (ShapeError(cp.State, backbone, o.Classes) is { } error) return $"stage {j + 1} of sequence {b}: {error}";
            }
        }
        return null;
    }

    /// <summary>Whether one stage's lineage is clean: no deleted id, and every id live in this shard at the slice it names.</summary>
    public static int Lineage(StageCheckpoint checkpoint, IReadOnlySet<string> deleted, DeletableSampleStore store)
    {
        foreach (var slice in checkpoint.Lineage)
        {
            var live = store.SliceIds(slice.Shard, slice.Slice);
            foreach (var id in slice.Ids)
            {
                if (deleted.Contains(id) || store.IsDeleted(id)) return HoldsDeleted;
                if (!live.Contains(id)) return Foreign;
            }
        }
        return Clean;
    }

    private static string? ShapeError(ExpertState state, FrozenBackbone backbone, int classes)
    {
        if (state.Classes != classes) return $"{state.Classes} classes, the model has {classes}";
        if (state.FeatureSize != backbone.FeatureSize) return $"feature size {state.FeatureSize}, the backbone has {backbone.FeatureSize}";
        if (state.Adapters.Count != backbone.Layers) return $"{state.Adapters.Count} layers, the backbone has {backbone.Layers}";
        for (int l = 0; l < backbone.Layers; l++)
            if (state.Adapters[l] is { } a && (a.Rank != backbone.Options.LoRARank || a.InFeatures != backbone.InFeatures(l) || a.OutFeatures != backbone.OutFeatures(l)))
                return $"layer {l} adapter is rank {a.Rank} {a.OutFeatures}×{a.InFeatures}, the backbone needs rank {backbone.Options.LoRARank} {backbone.OutFeatures(l)}×{backbone.InFeatures(l)}";
        return null;
    }
}
