using System.CommandLine;
using ContinualCluster.Abstractions.Api;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl predict`: classifies images from a JSON-lines file (labels, if present, give an accuracy).</summary>
public static class PredictCommand
{
    public static Command Create(CommonOptions common)
    {
        var file = new Option<string>("--file") { Description = "JSON lines with a \"pixels\" array (784 floats) per line", Required = true };
        var batch = new Option<int>("--batch") { Description = "Images per request", DefaultValueFactory = _ => 256 };
        var cmd = new Command("predict", "Classify images: the selector routes each to an expert, the unlearning gate applies. Prints predictions and, when labels are given, the accuracy.");
        common.AddTo(cmd);
        cmd.Add(file); cmd.Add(batch);
        cmd.SetAction(async (p, ct) =>
        {
            var samples = SampleFile.Read(p.GetValue(file)!);
            using var client = common.Client(p);
            int size = Math.Clamp(p.GetValue(batch), 1, ApiLimits.MaxImagesPerPredict), correct = 0, labelled = 0;
            var table = new Table().AddColumn("#").AddColumn("id").AddColumn("label").AddColumn("predicted").AddColumn("expert").AddColumn("gate");
            for (int start = 0; start < samples.Count; start += size)
            {
                var chunk = samples.Skip(start).Take(size).ToList();
                var r = await client.PredictAsync(p.GetValue(common.Stream)!, new PredictRequest(chunk.Select(s => s.Pixels!).ToArray()), ct);
                for (int i = 0; i < chunk.Count; i++)
                {
                    var pr = r.Predictions[i];
                    if (chunk[i].Label is { } l) { labelled++; if (l == pr.Label) correct++; }
                    if (start + i < 20) table.AddRow((start + i).ToString(), Markup.Escape(chunk[i].Id ?? "-"), chunk[i].Label?.ToString() ?? "-", pr.Label.ToString(), pr.Expert.ToString(), pr.Gate.ToString("0.00"));
                }
            }
            AnsiConsole.Write(table);
            if (labelled > 0) AnsiConsole.MarkupLine($"accuracy: [bold]{100.0 * correct / labelled:0.0}%[/] on {labelled} labelled images");
            return 0;
        });
        return cmd;
    }
}
