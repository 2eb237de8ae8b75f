using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tame;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Bench.Tame;

/// <summary>`./run.sh bench tame`: TAME on Split Fashion-MNIST with the public code's settings (targets), plus LoRA experts, the recurring and the blurred stream.</summary>
public sealed class TameBenchmark : IBenchmark
{
    public string Name => "tame";

    public string Description => "TAME task-agnostic experts on Split/recurring/blurred Fashion-MNIST: detection, accuracy, routing, parameters, time";

    public Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken)
    {
        var a = TameBenchArgs.Parse(args);
        set_num_threads(a.Threads);
        string loadBefore = LoadAverage();
        var runs = new List<(string Name, TameRunReport Report)>();
        void Run(string name, ContinualScenario scenario, TameOptions options, IClassifierFactory experts, bool prune)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Console.Error.WriteLine($"[tame] {name}: {scenario.Name}, {scenario.BatchCount} batches, {options.Detection} detection, {experts.Name} experts");
            var r = TameRunner.Run(scenario, options, experts, SelectorFactory(), new TameRunOptions
            {
                SelectorEpochs = a.SelectorEpochs,
                SelectorFineTuneEpochs = a.SelectorFineTuneEpochs,
                PruneExperts = prune,
                ExpertRetrainEpochs = a.ExpertRetrainEpochs,
                CostProbeBatches = a.CostProbeBatches,
                Progress = a.Trace ? Trace : null,
            });
            Console.Error.WriteLine($"[tame] {name}: {JsonSerializer.Serialize(r, Json)}");
            runs.Add((name, r));
        }

        var lenet = new ClassifierFactory(ModelKind.LeNet5);
        if (a.Runs.Contains("split")) Run("split", Scenario(a, ScenarioBuilder.SplitFashionMnist, heldOut: 0), Options(a), lenet, prune: true);
        if (a.Classic) Run("split-classic", Scenario(a, ScenarioBuilder.SplitFashionMnist, heldOut: 0), Options(a, TameDetection.Classic), lenet, prune: false);
        if (a.Runs.Contains("lora"))
        {
            var sw = Stopwatch.StartNew();
            using var backbone = FrozenBackbone.Pretrain(FashionMnist.Load(FashionMnistSplit.Train), new BackboneOptions { Seed = 1234 + a.Seed });
            Console.Error.WriteLine($"[tame] backbone pretrained in {sw.Elapsed.TotalSeconds:F1}s, accuracy {backbone.PretrainAccuracy:P2} on its public split");
            // LoRA adapters diverge (NaN) at the LeNet's SGD rate of 0.1; they train at 0.01.
            var loraOptions = Options(a);
            loraOptions.LearningRate = a.LoRALearningRate;
            Run("lora", Scenario(a, ScenarioBuilder.SplitFashionMnist, heldOut: 10_000), loraOptions, new LoRAExpertFactory(backbone), prune: false);
        }
        if (a.Runs.Contains("recurring")) Run("recurring", Scenario(a, ScenarioBuilder.RecurringFashionMnist, heldOut: 0), Options(a), lenet, prune: false);
        if (a.Runs.Contains("blurred")) Run("blurred", Scenario(a, ScenarioBuilder.BlurredFashionMnist, heldOut: 0), Options(a), lenet, prune: false);

        TameBenchTable.Fill(report, runs, a, $"{loadBefore} → {LoadAverage()}");
        if (a.JsonPath is { } path) File.WriteAllText(path, JsonSerializer.Serialize(runs.ToDictionary(r => r.Name, r => r.Report), Json));
        return Task.CompletedTask;
    }

    /// <summary>--trace: every held, confirmed or rejected suspicion with its losses, input scores and thresholds, to stderr.</summary>
    private static void Trace(int index, TameDecision d)
    {
        if (!d.Pending && d.Switch == SwitchKind.None) return;
        Console.Error.WriteLine($"[tame] batch {index}: {(d.Pending ? "held" : d.Switch.ToString())} expert {d.PreviousExpert?.ToString() ?? "-"}→{d.ActiveExpert} " +
            $"loss {d.ActiveLoss:F4} (τ {d.Threshold:F4}) input {d.InputShift?.ToString("F3") ?? "-"} (τ {d.InputThreshold:F3}): {d.Reason}");
    }

    /// <summary>The 1/5/15-minute load averages (Linux), to judge how far other work inflated the wall times.</summary>
    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }

    internal static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static ContinualScenario Scenario(TameBenchArgs a, Func<ScenarioOptions, ContinualScenario> build, int heldOut) =>
        build(new ScenarioOptions
        {
            EpochsPerTask = a.EpochsPerTask,
            BatchSize = 128,
            Seed = a.Seed,
            HeldOutTrainSamples = heldOut,
            TrainSamplesPerTask = a.TrainPerTask,
            TestSamplesPerTask = a.TestPerTask,
        });

    /// <summary>The public code's settings (W 35, α 0.2, C_s 5000, C_p 500, SGD 0.1/0.9/5e-4), with this project's detection.</summary>
    private static TameOptions Options(TameBenchArgs a, TameDetection detection = TameDetection.Robust) => new()
    {
        Detection = detection,
        SelectorLearningRate = 0.02,
        SelectorEnsembleSize = a.SelectorEnsemble,
        SelectorAugmentedMembers = a.AugmentedSelectors,
        SwitchConfirmations = a.SwitchConfirmations,
        SoftRouting = a.SoftRouting,
        ExpertAugmentation = a.ExpertAugmentation,
        ExpertMaxShift = a.ExpertMaxShift,
        ExpertFlip = a.ExpertFlip,
        ExpertWeightAveraging = a.ExpertWeightAveraging,
        Seed = a.Seed,
    };

    /// <summary>The selector: TAME's LeNet-5 with plain logits (the sigmoid-output selector routes worse; see docs/ARCHITECTURE.md).</summary>
    private static IClassifierFactory SelectorFactory() => new ClassifierFactory(ModelKind.LeNet5, sigmoidOutputs: false);
}
