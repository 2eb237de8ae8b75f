using System.CommandLine;
using ContinualCluster.Abstractions.Api;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl delete`: exact deletion of listed sample ids or of every sample of one owner, then its receipt.</summary>
public static class DeleteCommand
{
    public static Command Create(CommonOptions common)
    {
        var ids = new Option<string[]>("--ids") { Description = "Sample ids to delete (space or comma separated)", AllowMultipleArgumentsPerToken = true };
        var owner = new Option<string?>("--owner") { Description = "Delete every sample of this owner" };
        var request = new Option<string?>("--request-id") { Description = "Idempotency key (default: a new GUID); reuse it to retry safely" };
        var wait = new Option<bool>("--wait") { Description = "Poll the receipt until the deletion is excluded from serving" };
        var cmd = new Command("delete", "Delete samples exactly (S3T): by --ids or --owner. Prints the receipt: accepted → excluded from serving → retrained, with the lineage check.");
        common.AddTo(cmd);
        cmd.Add(ids); cmd.Add(owner); cmd.Add(request); cmd.Add(wait);
        cmd.SetAction(async (p, ct) =>
        {
            var list = p.GetValue(ids)?.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray();
            var body = new DeletionRequest(p.GetValue(request) ?? Guid.NewGuid().ToString("n"), list is { Length: > 0 } ? list : null, p.GetValue(owner));
            using var client = common.Client(p);
            string stream = p.GetValue(common.Stream)!;
            var receipt = await client.DeleteAsync(stream, body, ct);
            while (p.GetValue(wait) && receipt.State == DeletionState.Accepted)
            {
                await Task.Delay(100, ct);
                receipt = await client.DeletionAsync(stream, receipt.RequestId, ct);
            }
            Print(receipt);
            return 0;
        });
        return cmd;
    }

    public static void Print(DeletionReceipt r)
    {
        var t = new Table().AddColumn("receipt").AddColumn("value");
        t.AddRow("request id", Markup.Escape(r.RequestId));
        t.AddRow("state", r.State.ToString().ToLowerInvariant());
        t.AddRow("samples", r.SampleCount.ToString());
        t.AddRow("accepted", r.AcceptedAt.ToString("O"));
        t.AddRow("excluded from serving", r.ExcludedAt?.ToString("O") ?? "-");
        t.AddRow("retrained", r.RetrainedAt?.ToString("O") ?? "-");
        t.AddRow("lineage", r.Lineage is null ? "-" : r.Lineage.Clean ? $"clean ({r.Lineage.ModelsChecked} models)" : $"[red]{r.Lineage.Violations} violations[/]");
        t.AddRow("raw data removed", r.RawDataRemoved ? "yes" : "no");
        foreach (var m in r.ServedModels) t.AddRow(Markup.Escape(m.Model), $"v{m.Version}, prefix {m.Prefix}/{m.Slices}");
        AnsiConsole.Write(t);
    }
}
