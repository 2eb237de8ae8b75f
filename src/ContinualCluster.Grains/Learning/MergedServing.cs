using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Grains.Learning;

/// <summary>
/// Serves an S3T expert's live checkpoints with their adapters merged into copies of the frozen backbone
/// (W' = W + (α/r)·B·A, built once per checkpoint and published as an immutable set), so a prediction runs plain
/// linear layers. The unmerged checkpoints stay the source of truth: a checkpoint that stops being served is
/// "unmerged" by dropping its copy, which is disposed after a grace period so that predictions in flight finish.
/// </summary>
public sealed class MergedServing : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly FrozenBackbone _backbone;
    private readonly object _gate = new();
    private readonly List<(FrozenBackbone Backbone, DateTime RetiredAt)> _retired = new();
    private volatile Published _current = new(Array.Empty<ExpertState>(), Array.Empty<Merged>());
    private bool _disposed;

    public MergedServing(FrozenBackbone backbone) => _backbone = backbone;

    private sealed record Merged(ExpertState Source, FrozenBackbone Backbone, LoRAExpertTrainer Trainer, ExpertState Head);
    private sealed record Published(IReadOnlyList<ExpertState> States, IReadOnlyList<Merged> Models);

    /// <summary>Average logits (count × classes) of <paramref name="states"/>, each served merged.</summary>
    public float[] Logits(IReadOnlyList<ExpertState> states, float[] pixels, int count, int classes)
    {
        var published = Publish(states);
        var sum = new float[count * classes];
        foreach (var m in published.Models)
        {
            var logits = m.Trainer.Logits(m.Head, pixels, count);
            for (int i = 0; i < sum.Length; i++) sum[i] += logits[i];
        }
        for (int i = 0; i < sum.Length; i++) sum[i] /= published.Models.Count;
        return sum;
    }

    /// <summary>The published merged set for exactly these checkpoints, building the missing ones (once, under a lock).</summary>
    private Published Publish(IReadOnlyList<ExpertState> states)
    {
        var current = _current;
        if (SameStates(current.States, states)) return current;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _current;
            if (SameStates(current.States, states)) return current;
            var models = states.Select(s => current.Models.FirstOrDefault(m => ReferenceEquals(m.Source, s)) ?? Merge(s)).ToList();
            var now = DateTime.UtcNow;
            foreach (var old in current.Models.Where(m => !models.Contains(m))) _retired.Add((old.Backbone, now));
            foreach (var r in _retired.Where(r => now - r.RetiredAt > Grace).ToList())
            {
                r.Backbone.Dispose();
                _retired.Remove(r);
            }
            var published = new Published(states.ToArray(), models);
            _current = published;
            return published;
        }
    }

    private Merged Merge(ExpertState state)
    {
        var (backbone, head) = AdapterMerge.Merge(_backbone, state);
        return new Merged(state, backbone, new LoRAExpertTrainer(backbone), head);
    }

    private static bool SameStates(IReadOnlyList<ExpertState> a, IReadOnlyList<ExpertState> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++) if (!ReferenceEquals(a[i], b[i])) return false;
        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var m in _current.Models) m.Backbone.Dispose();
            foreach (var r in _retired) r.Backbone.Dispose();
            _retired.Clear();
        }
    }
}
