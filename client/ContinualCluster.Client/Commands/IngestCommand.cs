using System.CommandLine;
using ContinualCluster.Abstractions.Api;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl ingest`: streams labelled samples (a JSON-lines file or Split Fashion-MNIST) in batches, with a progress bar.</summary>
public static class IngestCommand
{
    public static Command Create(CommonOptions common)
    {
        var file = new Option<string?>("--file") { Description = "JSON lines: {\"id\",\"owner\",\"label\",\"pixels\":[784 floats]}" };
        var fmnist = new Option<bool>("--fashion-mnist") { Description = "Stream Split Fashion-MNIST (5 tasks of 2 classes, no task labels sent)" };
        var perTask = new Option<int>("--per-task") { Description = "Fashion-MNIST samples per task", DefaultValueFactory = _ => 2000 };
        var batch = new Option<int>("--batch") { Description = "Samples per request (one TAME batch)", DefaultValueFactory = _ => 128 };
        var cmd = new Command("ingest", "Stream labelled samples into a stream without task labels; the stream grain detects task switches and trains experts.");
        common.AddTo(cmd);
        cmd.Add(file); cmd.Add(fmnist); cmd.Add(perTask); cmd.Add(batch);
        cmd.SetAction(async (p, ct) =>
        {
            List<SampleDto> samples = p.GetValue(file) is { } f ? SampleFile.Read(f)
                : p.GetValue(fmnist) ? FashionMnistSamples.SplitStream(p.GetValue(perTask), seed: 1)
                : throw new ArgumentException("give --file PATH or --fashion-mnist");
            int size = Math.Clamp(p.GetValue(batch), 1, ApiLimits.MaxSamplesPerRequest);
            using var client = common.Client(p);
            string stream = p.GetValue(common.Stream)!;
            int switches = 0, experts = 0;
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("ingesting", maxValue: samples.Count);
                    for (int start = 0; start < samples.Count; start += size)
                    {
                        var chunk = samples.Skip(start).Take(size).ToArray();
                        var r = await client.IngestAsync(stream, new IngestRequest($"ingest-{stream}-{start}", chunk), ct);
                        if (r.SwitchDetected) switches++;
                        experts = r.Experts;
                        task.Increment(chunk.Length);
                        task.Description = $"ingesting (experts {experts}, switches {switches})";
                    }
                });
            AnsiConsole.MarkupLine($"ingested [bold]{samples.Count}[/] samples; experts {experts}, switches detected {switches}");
            return 0;
        });
        return cmd;
    }
}
