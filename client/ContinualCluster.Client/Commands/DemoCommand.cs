using System.CommandLine;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl demo`: the main job (see Demo/DemoRunner).</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var cmd = new Command("demo", "Run the main job: an embedded two-silo cluster learns Split Fashion-MNIST as an unlabelled stream while deletions, " +
                                      "a concept-unlearning request and predictions arrive; prints a summary and writes out/report.html and out/report.json.");
        var outDir = new Option<string>("--out", "-o") { Description = "Where to write report.html and report.json", DefaultValueFactory = _ => "out" };
        cmd.Add(outDir);
        cmd.SetAction((p, ct) => Task.FromResult(DemoPlaceholder(p.GetValue(outDir)!)));
        return cmd;
    }

    private static int DemoPlaceholder(string _) => throw new ArgumentException("the demo is not assembled yet in this build");
}
