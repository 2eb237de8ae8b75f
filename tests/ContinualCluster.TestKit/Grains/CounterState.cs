namespace ContinualCluster.TestKit.Grains;

/// <summary>Persistent state of <see cref="CounterGrain"/>: the total and how many activations wrote it.</summary>
public sealed class CounterState
{
    public long Total { get; set; }

    public int Writes { get; set; }

    public string LastWriter { get; set; } = "";
}
