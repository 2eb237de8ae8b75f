using System.Collections.Concurrent;
using ContinualCluster.Learning.Datasets;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Lineage of concept unlearning: an O3 adapter wraps one served checkpoint of its expert, so a later deletion that
/// touches that expert drops the adapter at once (in the deletion's turn), serves the clean truncated model with the
/// forgotten labels masked out, and rebuilds the adapter in the background on the clean checkpoint from the requests'
/// archived data; the mask goes only when the rebuilt adapter is installed.
/// </summary>
public sealed partial class StreamEngine
{
    private readonly Dictionary<int, List<(string RequestId, int[] Labels)>> _forgottenByExpert = new();
    private readonly ConcurrentDictionary<int, (long Generation, IReadOnlySet<int> Labels)> _masked = new();
    private int _unlearningRebuilds;

    /// <summary>Unlearning adapters rebuilt after deletions touched their expert.</summary>
    public int UnlearningRebuilds => Volatile.Read(ref _unlearningRebuilds);

    /// <summary>Experts answering with forgotten labels masked while their unlearning adapter is rebuilt.</summary>
    public IReadOnlyCollection<int> MaskedExperts => _masked.Keys.ToArray();

    private void RecordForgotten(int expert, string requestId, IEnumerable<Sample> forget)
    {
        if (!_forgottenByExpert.TryGetValue(expert, out var list)) _forgottenByExpert[expert] = list = new();
        list.Add((requestId, forget.Select(s => s.Label).Distinct().ToArray()));
    }

    /// <summary>Called in a deletion's turn for every expert the deletion touched.</summary>
    private void InvalidateUnlearning(int expert)
    {
        if (!_forgottenByExpert.TryGetValue(expert, out var requests)) return;
        IReadOnlySet<int> labels = requests.SelectMany(r => r.Labels).ToHashSet();
        _masked[expert] = (-1, labels);             // masked before the adapter goes: no prediction sees neither
        long generation = _unlearner.Reset(expert);
        _masked[expert] = (generation, labels);
        var ids = requests.Select(r => r.RequestId).ToList();
        _ = Task.Run(() => RebuildUnlearningAsync(expert, ids, generation, labels));
    }

    private async Task RebuildUnlearningAsync(int expert, List<string> requestIds, long generation, IReadOnlySet<int> labels)
    {
        try
        {
            if (_archive is null) return;           // no stored request data: the mask stays (the concept stays forgotten)
            var model = _experts[expert];
            if (!model.Ready) await model.WaitForRetrainingAsync(CancellationToken.None);
            var requests = new List<IReadOnlyList<Sample>>();
            foreach (var id in requestIds)
                if (await _archive.ReadAsync("unlearning", id, CancellationToken.None) is { Count: > 0 } stored)
                    requests.Add(stored.Select(s => s with { Label = _labels.Local(s.Label) }).ToList());
            // The adapter trains for seconds: on a low-priority training thread, not on the pool that answers requests.
            bool rebuilt = false;
            await ContinualCluster.Learning.Unlearning.S3T.TrainingThreads.Start(() => rebuilt = !IsDisposed && _unlearner.Rebuild(expert, model, requests, generation));
            if (!rebuilt) return;
            if (_masked.TryRemove(new KeyValuePair<int, (long, IReadOnlySet<int>)>(expert, (generation, labels))))
            {
                Interlocked.Increment(ref _unlearningRebuilds);
                Interlocked.Increment(ref _version);
            }
        }
        catch (Exception e) when (!IsDisposed)
        {
            Console.Error.WriteLine($"stream {_id}: rebuilding the unlearning adapter of expert {expert} failed (it stays masked): {e.Message}");
        }
        catch (Exception) { }
    }
}
