using System.CommandLine;
using ContinualCluster.Abstractions.Api;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl unlearn`: forget a concept (a class, or the distribution of a sample file) with an O3 adapter and gate.</summary>
public static class UnlearnCommand
{
    public static Command Create(CommonOptions common)
    {
        var cls = new Option<int?>("--class") { Description = "Forget this class (0-9)" };
        var file = new Option<string?>("--file") { Description = "Forget the concept given by these samples (JSON lines)" };
        var request = new Option<string?>("--request-id") { Description = "Idempotency key (default: a new GUID)" };
        var cmd = new Command("unlearn", "Forget a whole concept (approximate, O3): --class N or --file samples.jsonl. Per-sample exact deletion is `delete`.");
        common.AddTo(cmd);
        cmd.Add(cls); cmd.Add(file); cmd.Add(request);
        cmd.SetAction(async (p, ct) =>
        {
            var samples = p.GetValue(file) is { } f ? SampleFile.Read(f).ToArray() : null;
            using var client = common.Client(p);
            var r = await client.UnlearnAsync(p.GetValue(common.Stream)!,
                new UnlearningRequest(p.GetValue(request) ?? Guid.NewGuid().ToString("n"), p.GetValue(cls), samples), ct);
            AnsiConsole.MarkupLine($"unlearning [bold]{Markup.Escape(r.RequestId)}[/]: {r.State}, adapter {r.AdapterIndex}, {r.SampleCount} samples");
            return 0;
        });
        return cmd;
    }
}
