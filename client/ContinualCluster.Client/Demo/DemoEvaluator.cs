using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Client.Demo;

/// <summary>Measures accuracy through the service: class-incremental, within-task and routing, per task or per class.</summary>
public sealed class DemoEvaluator
{
    private readonly IStreamService _service;
    private readonly string _stream;
    private readonly DemoData _data;

    public DemoEvaluator(IStreamService service, string stream, DemoData data)
    {
        _service = service;
        _stream = stream;
        _data = data;
    }

    /// <summary>Accuracy per task (class-incremental, within-task) and the experts that answered each task's images.</summary>
    public async Task<(double[] ClassIncremental, double[] WithinTask, int[][] ExpertVotes)> TasksAsync(int tasks, CancellationToken ct)
    {
        var ci = new double[DemoData.Tasks];
        var wt = new double[DemoData.Tasks];
        var votes = new int[DemoData.Tasks][];
        for (int t = 0; t < DemoData.Tasks; t++)
        {
            votes[t] = new int[16];
            if (t >= tasks) continue;
            var (preds, labels) = await PredictAsync(_data.Test[t], ct);
            int correct = 0, within = 0;
            for (int i = 0; i < preds.Count; i++)
            {
                if (preds[i].Label == labels[i]) correct++;
                if (preds[i].Label % 2 == labels[i] % 2) within++;
                if (preds[i].Expert is >= 0 and < 16) votes[t][preds[i].Expert]++;
            }
            ci[t] = (double)correct / preds.Count;
            wt[t] = (double)within / preds.Count;
        }
        return (ci, wt, votes);
    }

    /// <summary>Accuracy on the test images of one class, and on every other class of the first <paramref name="tasks"/> tasks.</summary>
    public async Task<(double Forget, double Retain)> ForgetRetainAsync(int forgetClass, int tasks, CancellationToken ct)
    {
        var all = Enumerable.Range(0, tasks).SelectMany(t => _data.Test[t]).ToList();
        var (preds, labels) = await PredictAsync(all, ct);
        int f = 0, fc = 0, r = 0, rc = 0;
        for (int i = 0; i < preds.Count; i++)
        {
            if (labels[i] == forgetClass) { f++; if (preds[i].Label == labels[i]) fc++; }
            else { r++; if (preds[i].Label == labels[i]) rc++; }
        }
        return (f == 0 ? 0 : (double)fc / f, r == 0 ? 0 : (double)rc / r);
    }

    private async Task<(List<Prediction>, List<int>)> PredictAsync(List<(float[] Pixels, int Label)> set, CancellationToken ct)
    {
        var preds = new List<Prediction>(set.Count);
        for (int s = 0; s < set.Count; s += 500)
        {
            var chunk = set.Skip(s).Take(500).ToList();
            var r = await _service.PredictAsync(_stream, new PredictRequest(chunk.Select(c => c.Pixels).ToArray()), ct);
            preds.AddRange(r.Predictions);
        }
        return (preds, set.Select(c => c.Label).ToList());
    }
}
