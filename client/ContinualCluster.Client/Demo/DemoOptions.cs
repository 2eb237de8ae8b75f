namespace ContinualCluster.Client.Demo;

/// <summary>The shape of the demo: stream size, test size, deletion rate, owners, the concept to forget.</summary>
public sealed class DemoOptions
{
    public int TrainPerTask { get; set; } = 2400;
    public int TestPerTask { get; set; } = 500;
    public int BatchSize { get; set; } = 128;
    public double DeletionFraction { get; set; } = 0.01;
    public int OwnersToDelete { get; set; } = 3;
    /// <summary>The class whose concept is forgotten (3 = Dress, from task 2), after this many tasks were streamed.</summary>
    public int ForgetClass { get; set; } = 3;
    public int ForgetAfterTasks { get; set; } = 3;
    public int ForgetSamples { get; set; } = 600;
    public int Silos { get; set; } = 2;
    public int Seed { get; set; } = 11;
    /// <summary>Train samples at the start of the file held out for pretraining the backbone (never streamed, never deleted).</summary>
    public int HeldOut { get; set; } = 10_000;

    public void Validate()
    {
        if (TrainPerTask < 256) throw new ArgumentException($"TrainPerTask must be at least 256 (was {TrainPerTask})");
        if (TestPerTask < 50) throw new ArgumentException($"TestPerTask must be at least 50 (was {TestPerTask})");
        if (DeletionFraction is < 0 or > 0.5) throw new ArgumentException($"DeletionFraction must be in [0, 0.5] (was {DeletionFraction})");
        if (ForgetClass is < 0 or > 9) throw new ArgumentException($"ForgetClass must be 0..9 (was {ForgetClass})");
        if (ForgetAfterTasks is < 1 or > 5) throw new ArgumentException($"ForgetAfterTasks must be 1..5 (was {ForgetAfterTasks})");
        if (Silos < 1) throw new ArgumentException($"Silos must be at least 1 (was {Silos})");
    }
}
