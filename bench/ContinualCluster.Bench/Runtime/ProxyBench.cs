using System.Diagnostics;
using System.Reflection;
using ContinualCluster.Runtime.InMemory;
using ContinualCluster.Runtime.Invocation;
using ContinualCluster.TestKit.Grains;

namespace ContinualCluster.Bench.Runtime;

/// <summary>One caller, local grain: generated proxy + request class versus a reflection-per-call DispatchProxy.</summary>
internal static class ProxyBench
{
    private const int Calls = 1_000_000;

    public static async Task RunAsync(BenchReport report)
    {
        var stores = new InMemoryStores();
        var silo = await BenchSilos.StartAsync("proxy", stores.State, stores.Directory, stores.Membership);
        try
        {
            var generated = silo.GrainFactory.GetGrain<IPingGrain>("proxy");
            var reflective = DispatchProxy.Create<IPingGrain, ReflectionProxy>();
            ((ReflectionProxy)(object)reflective).Target = (GrainReference)(object)generated;
            await generated.PingAsync(0);
            await reflective.PingAsync(0);
            double gen = await TimeAsync(generated, Calls / 4), refl = await TimeAsync(reflective, Calls / 4);
            gen = await TimeAsync(generated, Calls);
            refl = await TimeAsync(reflective, Calls);
            report.Row("generated proxy, 1 caller", gen.ToString("0"), "ns/call", "source-generated proxy and request class");
            report.Row("reflection proxy, 1 caller", refl.ToString("0"), "ns/call", $"DispatchProxy + MethodInfo.Invoke per call; {refl / gen:0.0}x slower");
        }
        finally { await silo.KillAsync(); }
    }

    private static async Task<double> TimeAsync(IPingGrain grain, int calls)
    {
        var sw = Stopwatch.StartNew();
        int v = 0;
        for (int i = 0; i < calls; i++) v = await grain.PingAsync(v);
        return sw.Elapsed.TotalMilliseconds * 1_000_000 / calls;
    }
}
