using ContinualCluster.Grains.Engine;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.O3;

namespace ContinualCluster.Grains.Learning;

/// <summary>
/// Concept unlearning over Learning's <see cref="O3Unlearner"/>: one per expert, wrapping that expert's served
/// checkpoint at the time of the first request; each request trains the shared adapter and adds a gate.
/// </summary>
public sealed class O3ConceptUnlearner : IConceptUnlearner
{
    private readonly LoRAExpertTrainer _trainer;
    private readonly O3Options _options;
    private readonly Dictionary<int, O3Unlearner> _byExpert = new();
    private readonly object _gate = new();
    private readonly Dictionary<int, long> _generations = new();
    private int _requests;

    public O3ConceptUnlearner(LoRAExpertTrainer trainer, O3Options options)
    {
        options.Validate();
        _trainer = trainer;
        _options = options;
    }

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyCollection<int> Experts { get { lock (_gate) return _byExpert.Keys.ToArray(); } }

    public void Forget(int expert, IExpertModel model, IReadOnlyList<Sample> forget)
    {
        if (model is not ShardedExpertModel sharded) throw new ArgumentException($"expert {expert} is not an S3T expert model");
        var state = sharded.ServedState() ?? throw new InvalidOperationException($"expert {expert} serves no checkpoint to unlearn from");
        int size = forget[0].Pixels.Length;
        var pixels = new float[forget.Count * size];
        for (int i = 0; i < forget.Count; i++) forget[i].Pixels.CopyTo(pixels, i * size);
        var request = new O3Request($"concept-{_requests + 1}", pixels, forget.Select(s => s.Label).ToArray());
        lock (_gate)
        {
            if (!_byExpert.TryGetValue(expert, out var o3)) _byExpert[expert] = o3 = new O3Unlearner(_trainer, state, _options);
            o3.Forget(request);
            _requests++;
        }
    }

    public long Reset(int expert)
    {
        lock (_gate)
        {
            _byExpert.Remove(expert);
            long g = _generations.GetValueOrDefault(expert) + 1;
            _generations[expert] = g;
            return g;
        }
    }

    public bool Rebuild(int expert, IExpertModel model, IReadOnlyList<IReadOnlyList<Sample>> requests, long generation)
    {
        if (model is not ShardedExpertModel sharded) throw new ArgumentException($"expert {expert} is not an S3T expert model");
        var state = sharded.ServedState();
        if (state is null || requests.Count == 0) return false;
        // Trained outside the lock: predictions keep being answered (by the masked clean model) meanwhile.
        var o3 = new O3Unlearner(_trainer, state, _options);
        for (int r = 0; r < requests.Count; r++)
        {
            var forget = requests[r];
            int size = forget[0].Pixels.Length;
            var pixels = new float[forget.Count * size];
            for (int i = 0; i < forget.Count; i++) forget[i].Pixels.CopyTo(pixels, i * size);
            o3.Forget(new O3Request($"concept-rebuilt-{r + 1}", pixels, forget.Select(s => s.Label).ToArray()));
        }
        lock (_gate)
        {
            if (_generations.GetValueOrDefault(expert) != generation) return false;
            _byExpert[expert] = o3;
            return true;
        }
    }

    public float[] Gate(int expert, float[] pixels, int count)
    {
        O3Unlearner? o3;
        lock (_gate) _byExpert.TryGetValue(expert, out o3);
        if (o3 is null) return new float[count];   // reset meanwhile: the engine masks this expert instead
        return o3.GateWeights(pixels, count).Select(w => (float)w).ToArray();
    }

    public int[] Predict(int expert, float[] pixels, int count)
    {
        O3Unlearner? o3;
        lock (_gate) _byExpert.TryGetValue(expert, out o3);
        if (o3 is null) return Enumerable.Repeat(-1, count).ToArray();   // reset meanwhile: keep the clean model's answer
        var logits = o3.GatedLogits(pixels, count, Enumerable.Repeat(1.0, count).ToArray());
        int classes = logits.Length / count;
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int best = 0;
            for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    public void Dispose()
    {
        lock (_gate) _byExpert.Clear();
    }
}
