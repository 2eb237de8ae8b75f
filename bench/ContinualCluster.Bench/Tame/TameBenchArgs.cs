using System.Globalization;

namespace ContinualCluster.Bench.Tame;

/// <summary>Optional arguments of `./run.sh bench tame` for quick runs; the defaults are the public TAME code's settings.</summary>
public sealed record TameBenchArgs
{
    public int EpochsPerTask { get; init; } = 10;
    public int? TrainPerTask { get; init; }
    public int? TestPerTask { get; init; }
    public int SelectorEpochs { get; init; } = 30;
    public int SelectorFineTuneEpochs { get; init; } = 5;
    public int SelectorEnsemble { get; init; } = 6;
    public int AugmentedSelectors { get; init; } = 3;
    public bool SoftRouting { get; init; }
    public bool ExpertAugmentation { get; init; }
    public int ExpertMaxShift { get; init; } = 2;
    public bool ExpertFlip { get; init; } = true;
    public double ExpertWeightAveraging { get; init; } = 0.99;
    public int ExpertRetrainEpochs { get; init; } = 20;
    public int Threads { get; init; } = 1;
    public int CostProbeBatches { get; init; } = 100;
    public double LoRALearningRate { get; init; } = 0.01;
    public int Seed { get; init; }
    public bool Classic { get; init; }
    public bool Trace { get; init; }
    public int SwitchConfirmations { get; init; } = 1;
    public HashSet<string> Runs { get; init; } = ["split", "lora", "recurring", "blurred"];
    public string? JsonPath { get; init; }

    public static TameBenchArgs Parse(string[] args)
    {
        var a = new TameBenchArgs();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            a = args[i] switch
            {
                "--epochs" => a with { EpochsPerTask = Int() },
                "--train-per-task" => a with { TrainPerTask = Int() },
                "--test-per-task" => a with { TestPerTask = Int() },
                "--selector-epochs" => a with { SelectorEpochs = Int() },
                "--selectors" => a with { SelectorEnsemble = Int() },
                "--augmented-selectors" => a with { AugmentedSelectors = Int() },
                "--finetune-epochs" => a with { SelectorFineTuneEpochs = Int() },
                "--retrain-epochs" => a with { ExpertRetrainEpochs = Int() },
                "--threads" => a with { Threads = Int() },
                "--cost-probe" => a with { CostProbeBatches = Int() },
                "--lora-lr" => a with { LoRALearningRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => a with { Seed = Int() },
                "--classic" => a with { Classic = true },
                "--trace" => a with { Trace = true },
                "--confirmations" => a with { SwitchConfirmations = Int() },
                "--soft-routing" => a with { SoftRouting = true },
                "--expert-augmentation" => a with { ExpertAugmentation = true },
                "--no-expert-augmentation" => a with { ExpertAugmentation = false },
                "--expert-shift" => a with { ExpertMaxShift = Int() },
                "--no-expert-flip" => a with { ExpertFlip = false },
                "--expert-averaging" => a with { ExpertWeightAveraging = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--runs" => a with { Runs = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() },
                "--json" => a with { JsonPath = Next() },
                _ => throw new ArgumentException($"unknown argument '{args[i]}' (known: --epochs --train-per-task --test-per-task " +
                    "--selector-epochs --finetune-epochs --selectors K --augmented-selectors N --soft-routing --[no-]expert-augmentation --expert-shift N --no-expert-flip --expert-averaging DECAY --retrain-epochs --threads --cost-probe N --lora-lr X --seed --classic --trace --confirmations N --runs split,lora,recurring,blurred --json PATH)"),
            };
        }
        return a;
    }
}
