using System.CommandLine;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl status`: a stream's experts, switches, deletions, retraining jobs and served models.</summary>
public static class StatusCommand
{
    public static Command Create(CommonOptions common)
    {
        var cmd = new Command("status", "Show a stream's state: experts, detected task switches, pending deletions, retraining jobs, served models.");
        common.AddTo(cmd);
        cmd.SetAction(async (p, ct) =>
        {
            using var client = common.Client(p);
            var s = await client.StatusAsync(p.GetValue(common.Stream)!, ct);
            var t = new Table().AddColumn("field").AddColumn("value");
            t.AddRow("stream", Markup.Escape(s.StreamId));
            t.AddRow("batches / samples", $"{s.Batches} / {s.Samples}");
            t.AddRow("experts (active)", $"{s.Experts} ({s.ActiveExpert})");
            t.AddRow("switches at batch", string.Join(", ", s.Switches));
            t.AddRow("deletions pending / done", $"{s.DeletionsPending} / {s.DeletionsCompleted}");
            t.AddRow("retraining jobs", s.RetrainingJobs.ToString());
            t.AddRow("unlearning requests", s.UnlearningRequests.ToString());
            t.AddRow("model version", s.ModelVersion.ToString());
            foreach (var m in s.ServedModels) t.AddRow(Markup.Escape(m.Model), $"v{m.Version}, prefix {m.Prefix}/{m.Slices}");
            AnsiConsole.Write(t);
            return 0;
        });
        return cmd;
    }
}
