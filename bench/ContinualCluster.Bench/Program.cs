using ContinualCluster.Bench;

// Composes the benchmarks: every IBenchmark in this assembly is one `./run.sh bench NAME`.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine(args.Length == 0 ? "usage: ./run.sh bench NAME" : $"unknown benchmark '{args[0]}'");
    foreach (var b in benchmarks.Values) Console.Error.WriteLine($"  {b.Name,-12} {b.Description}");
    return 2;
}

var report = new BenchReport();
await benchmark.RunAsync(report, args[1..], CancellationToken.None);
report.Print(Console.Out);
return report.AllPassed ? 0 : 1;
