using System.Diagnostics;
using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Client.Report;
using Spectre.Console;

namespace ContinualCluster.Client.Demo;

/// <summary>
/// The main job's scenario against any set of stream services (one per silo): streams Split Fashion-MNIST without task
/// labels, deletes samples and owners while it trains, forgets a concept mid-stream, and predicts throughout.
/// </summary>
public sealed partial class DemoRunner
{
    private const string StreamId = "fashion";
    private readonly DemoOptions _o;
    private readonly IReadOnlyList<IStreamService> _services;
    private readonly Func<Task> _flush;
    private readonly DemoReport _report;
    private readonly DemoData _data;
    private readonly Random _rng;
    private readonly List<string> _live = new();
    private readonly HashSet<string> _ingestedOwners = new(StringComparer.Ordinal);
    private readonly List<string> _deletionIds = new();
    private double _deletionCredit;
    private int _call;

    public DemoRunner(DemoOptions options, DemoData data, IReadOnlyList<IStreamService> services, Func<Task> flush, DemoReport report)
    {
        options.Validate();
        _o = options;
        _data = data;
        _services = services;
        _flush = flush;
        _report = report;
        _rng = new Random(options.Seed);
    }

    private IStreamService Next => _services[_call++ % _services.Count];

    public async Task RunAsync(CancellationToken ct)
    {
        var evaluator = new DemoEvaluator(_services[0], StreamId, _data);
        var load = new PredictionLoad(_services, StreamId, _data.Test.SelectMany(t => t).Select(t => t.Pixels).ToArray());
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loadTask = load.RunAsync(64, TimeSpan.FromMilliseconds(40), stopLoad.Token);
        int batches = (_data.Stream.Count + _o.BatchSize - 1) / _o.BatchSize;
        var ownerAt = Enumerable.Range(1, _o.OwnersToDelete).Select(k => batches * k / (_o.OwnersToDelete + 1)).ToHashSet();
        double ingestSeconds = 0;
        int ingested = 0;
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask("streaming Split Fashion-MNIST", maxValue: batches);
                for (int b = 0; b < batches; b++)
                {
                    var chunk = _data.Stream.Skip(b * _o.BatchSize).Take(_o.BatchSize).ToArray();
                    int task = _data.StreamTask[b * _o.BatchSize];
                    var watch = Stopwatch.StartNew();
                    var r = await Next.IngestAsync(StreamId, new IngestRequest($"batch-{b}", chunk), ct);
                    ingestSeconds += watch.Elapsed.TotalSeconds;
                    ingested += chunk.Length;
                    _report.BatchLoss.Add(double.IsFinite(r.Loss) ? r.Loss : 0);
                    _report.BatchTask.Add(task);
                    if (b > 0 && task != _report.BatchTask[b - 1]) _report.TrueBoundaries.Add(b);
                    if (r.SwitchDetected) _report.DetectedSwitches.Add(b);
                    _report.Experts = r.Experts;
                    foreach (var s in chunk) { _live.Add(s.Id!); _ingestedOwners.Add(s.Owner!); }
                    await RandomDeletionsAsync(chunk.Length, b, ct);
                    if (ownerAt.Contains(b)) await OwnerDeletionAsync(b, ct);
                    bool taskEnds = b == batches - 1 || _data.StreamTask[(b + 1) * _o.BatchSize] != task;
                    bar.Description = $"task {task + 1}/5 · experts {r.Experts} · switches {_report.DetectedSwitches.Count} · deletions {_report.DeletionRequests}";
                    bar.Increment(1);
                    if (taskEnds) await EndOfTaskAsync(task, b, evaluator, ct);
                }
            });
        _report.IngestSamplesPerSecond = ingested / Math.Max(ingestSeconds, 1e-9);
        await WaitForReceiptsAsync(ct);
        stopLoad.Cancel();
        await loadTask;
        var lat = load.Latencies;
        _report.PredictionsServed = load.Served;
        _report.PredictionsFailed = load.Failed;
        _report.PredictP50Ms = Charts.Percentile(lat, 0.5);
        _report.PredictP99Ms = Charts.Percentile(lat, 0.99);
        _report.PredictionsPerSecond = load.Served / Math.Max(lat.Sum() / 1000.0, 1e-9);
        if (load.FirstFailure is { } f) _report.Notes.Add($"first failed prediction: {f}");
        _report.Notes.Add($"{load.WarmingUp} prediction calls were answered 503 'warming up' before the first expert finished training (not counted as failures).");
    }

    private async Task EndOfTaskAsync(int task, int batch, DemoEvaluator evaluator, CancellationToken ct)
    {
        await _flush();
        var (ci, wt, votes) = await evaluator.TasksAsync(task + 1, ct);
        _report.AccuracyMatrix.Add(ci.ToList());
        _report.WithinTaskMatrix.Add(wt.ToList());
        _report.AccuracyOverTime.Add(new TimePoint(batch + 1, ci.Take(task + 1).Average(), "class-incremental"));
        _report.AccuracyOverTime.Add(new TimePoint(batch + 1, wt.Take(task + 1).Average(), "within-task"));
        if (task == DemoData.Tasks - 1)
        {
            _report.FinalAccuracy = ci.Average();
            _report.FinalWithinTaskAccuracy = wt.Average();
            _report.RoutingAccuracy = RoutingAccuracy(votes);
        }
        if (task + 1 == _o.ForgetAfterTasks) await ForgetConceptAsync(task + 1, evaluator, ct);
    }

    /// <summary>Each expert stands for the task whose images it answered most; routing is right when that task is the image's.</summary>
    private static double RoutingAccuracy(int[][] votes)
    {
        int experts = votes[0].Length, right = 0, total = votes.Sum(v => v.Sum());
        for (int e = 0; e < experts; e++)
        {
            int best = Enumerable.Range(0, votes.Length).MaxBy(t => votes[t][e]);
            right += votes[best][e];
        }
        return total == 0 ? 0 : (double)right / total;
    }
}
