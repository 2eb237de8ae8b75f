using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.Metrics;

namespace ContinualCluster.Bench.Unlearning;

/// <summary>`./run.sh bench unlearning`: S3T vs SISA vs full retraining on Split Fashion-MNIST, O3 forgetting two classes, δ table.</summary>
public sealed class UnlearningBenchmark : IBenchmark
{
    public string Name => "unlearning";

    public string Description => "S3T deletion latency/accuracy vs SISA and full retraining, O3 class forgetting, deletion rate δ";

    public async Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        int task = ArgInt(args, "--task", 1);
        int same = ArgInt(args, "--same-deletions", 8);
        var forget = (ArgValue(args, "--forget") ?? "1,8").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var log = Console.Error;
        var total = Stopwatch.StartNew();
        var data = new UnlearningBenchData(publicSamples: 10_000);
        using var backbone = data.PretrainBackbone();
        log.WriteLine($"[unlearning] backbone pretrained on the first {data.PublicSamples} train samples: accuracy {backbone.PretrainAccuracy:P2}");
        var trainer = new LoRAExpertTrainer(backbone);

        var s3t = await S3TBenchRun.RunAsync(data, trainer, task, same, log);
        var (o3, requests, baseAcc) = O3BenchRun.Run(data, trainer, forget, log);
        var deltas = DeltaTable();

        report.Header("measure", "value", "note");
        report.Row("task", $"classes {s3t.TaskClasses[0]},{s3t.TaskClasses[1]}", $"{s3t.TaskSamples} deletable stream samples");
        report.Row("S3T accuracy (all prefixes)", Pct(s3t.S3TAccuracy), "m=5, L=4, B=4; LoRA r=8 on 4 blocks + head");
        report.Row("one model, same LoRA budget", Pct(s3t.FullModelAccuracy), "all blocks + head on all task data");
        report.Row("SISA accuracy", Pct(s3t.SisaAccuracy), "m=5, L=4, all blocks per stage");
        report.Row("S3T initial training", Cost(s3t.S3TInitialCost), "");
        report.Row("SISA initial training", Cost(s3t.SisaInitialCost), "");
        report.Row("full-model training", Cost(s3t.FullInitialCost), "");
        report.Row("S3T Delete() → served config", Lat(s3t.S3TDeleteLatency), "no training on the request path");
        report.Row("S3T, the replayed deletions", Lat(s3t.S3TSameDeletionLatency), $"first {same}");
        report.Row("SISA, same deletions", Lat(s3t.SisaDeleteLatency), $"{s3t.SisaStagesPerDeletion} stages retrained per deletion");
        report.Row("full retraining, same deletions", Lat(s3t.FullRetrainDeleteLatency), "");
        foreach (var pt in s3t.Degradation)
            report.Row($"no retraining, {pt.Deleted} deleted", pt.Accuracy is { } a ? Pct(a) : "no live shard", $"live shards {pt.LiveShards}/5, mean served prefix {pt.MeanPrefix:F2}/4");
        foreach (var st in s3t.Steps)
            report.Row($"after {st.FractionDeleted:P0} deleted ({st.Deleted})",
                $"{(st.AccuracyBeforeRetrain is { } b ? Pct(b) : "no live shard")} → {Pct(st.AccuracyAfterRetrain)}",
                $"live shards {st.LiveShardsBeforeRetrain}/5, mean prefix {st.MeanServedPrefixBeforeRetrain:F2}; lineage {(st.Lineage.Clean ? "clean" : "VIOLATED")} ({st.Lineage.ServedCheckpoints} checkpoints, {st.Lineage.DeletedIds} deleted ids)");
        report.Row("S3T background retraining", Cost(s3t.S3TBackgroundCost), "");
        report.Row("O3 base expert (10 classes)", Pct(baseAcc), "test accuracy before any request");
        foreach (var e in o3)
        {
            report.Row($"O3 after {e.After}: S.U. / D.U.", $"{Pct(e.SeenForgetAccuracy)} / {Pct(e.HeldOutForgetAccuracy)}", $"D.U. before {Pct(e.HeldOutForgetAccuracyBefore)}; chance 10%");
            report.Row($"O3 after {e.After}: retained", $"{Pct(e.RetainedAccuracyBefore)} → {Pct(e.RetainedAccuracy)}", $"mean gate forgotten {e.MeanGateOnForgotten:F3}, retained {e.MeanGateOnRetained:F4}");
            report.Row($"O3 after {e.After}: gate AUROC / MIA AUC", $"{e.GateAuroc:F4} / {e.MembershipInferenceAuc:F3}", $"MIA attacker's best either way {Math.Max(e.MembershipInferenceAuc, 1 - e.MembershipInferenceAuc):F3}");
        }
        foreach (var d in deltas)
            report.Row($"δ {d.Method} m={d.Shards} L={d.Slices} B={d.Budget}", $"{d.Measured:F1} ± {d.StandardError:F1}", $"m·L·H = {d.Predicted:F1} ({d.RelativeError:P1} off)");
        report.Row("benchmark wall time", $"{total.Elapsed.TotalSeconds:F0} s", "");

        double ratio = s3t.SisaDeleteLatency.P50Ms / s3t.S3TSameDeletionLatency.P50Ms;
        report.Row("SISA / S3T on the same deletions", string.Create(CultureInfo.InvariantCulture, $"{ratio:0}× (medians), {s3t.SisaDeleteLatency.MeanMs / s3t.S3TSameDeletionLatency.MeanMs:0}× (means)"),
            string.Create(CultureInfo.InvariantCulture, $"full retraining / S3T {s3t.FullRetrainDeleteLatency.P50Ms / s3t.S3TSameDeletionLatency.P50Ms:0}× (medians)"));
        report.TargetAtMost("unlearning S3T Delete() p99", s3t.S3TDeleteLatency.P99Ms, 1.0, " ms", "0.0000");
        report.TargetAtLeast("unlearning SISA/S3T deletion time ratio (medians)", ratio, 1000, "×", "0");
        report.TargetAtMost("unlearning S3T accuracy gap to one model (points)", 100 * (s3t.FullModelAccuracy - s3t.S3TAccuracy), 2.0, "", "0.00");
        report.Target("unlearning lineage of served checkpoints", s3t.Steps.All(s => s.Lineage.Clean) ? "clean" : "violated", "clean", s3t.Steps.All(s => s.Lineage.Clean));
        var last = o3[^1];
        report.TargetAtMost("unlearning O3 D.U. (both classes)", 100 * last.HeldOutForgetAccuracy, 15, "%", "0.00");
        report.TargetAtMost("unlearning O3 retained-class accuracy drop (points)", 100 * Math.Abs(last.RetainedAccuracyBefore - last.RetainedAccuracy), 1.0, "", "0.00");
        report.TargetAtLeast("unlearning O3 gate AUROC", o3.Min(e => e.GateAuroc), 0.95, "", "0.0000");
        report.TargetAtMost("unlearning O3 MIA AUC", o3.Max(e => e.MembershipInferenceAuc), 0.55, "", "0.000");
        report.Target("unlearning δ within 5% of m·L·H", $"max {deltas.Max(d => d.RelativeError):P1} off", "≤ 5%", deltas.All(d => d.RelativeError <= 0.05));

        WriteJson(new { s3t, o3, o3Requests = requests.Select(r => new { r.RequestId, Used = r.UsedIndices.Count, r.RestSamples, r.FinalCrossEntropy, r.FinalOrthogonality, r.Gate, r.Seconds }), baseAcc, deltas }, log);
    }

    private static List<DeletionRateResult> DeltaTable()
    {
        var list = Enumerable.Range(1, 6).Select(b => DeletionRateSimulator.Simulate(5, 6, b, 3000, 400, (ulong)(600 + b))).ToList();
        list.Add(DeletionRateSimulator.Simulate(5, 4, 4, 3000, 400, 404));
        return list;
    }

    private static void WriteJson(object result, TextWriter log)
    {
        var dir = Path.Combine(Environment.GetEnvironmentVariable("CC_REPO_ROOT") ?? ".", ".build", "bench");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "unlearning.json");
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        log.WriteLine($"[unlearning] metrics written to {path}");
    }

    private static string Pct(double v) => (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    private static string Lat(LatencySummary l) => string.Create(CultureInfo.InvariantCulture, $"p50 {l.P50Ms:0.####} ms, p99 {l.P99Ms:0.####} ms, mean {l.MeanMs:0.####} ms (n={l.Count})");
    private static string Cost(Learning.Unlearning.S3T.RetrainingCost c) => string.Create(CultureInfo.InvariantCulture, $"{c.Stages} stages, {c.SampleSteps} sample-steps, {c.Seconds:F1} s");

    private static string? ArgValue(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int ArgInt(string[] args, string name, int fallback) =>
        ArgValue(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
