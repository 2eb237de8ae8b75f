namespace ContinualCluster.Bench;

/// <summary>One named benchmark that `./run.sh bench NAME` runs: it prints a table, then one TARGET line per target.</summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line (torch, tame, unlearning, runtime, product).</summary>
    string Name { get; }

    /// <summary>One line that says what the benchmark measures.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark, writing rows and targets to <paramref name="report"/>.</summary>
    Task RunAsync(BenchReport report, string[] args, CancellationToken cancellationToken);
}
