using System.CommandLine;
using ContinualCluster.Client.Report;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>`ccl report`: re-renders out/report.html from out/report.json and prints the summary.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--out", "-o") { Description = "Directory holding report.json", DefaultValueFactory = _ => "out" };
        var cmd = new Command("report", "Re-render report.html from report.json (written by `ccl demo`) and print its summary.");
        cmd.Add(dir);
        cmd.SetAction(p =>
        {
            string d = p.GetValue(dir)!;
            var report = ReportWriter.Read(Path.Combine(d, "report.json"));
            var (_, html) = ReportWriter.Write(report, d);
            PrintSummary(report);
            AnsiConsole.MarkupLine($"report: [link]{Markup.Escape(Path.GetFullPath(html))}[/]");
            return 0;
        });
        return cmd;
    }

    public static void PrintSummary(DemoReport report)
    {
        var t = new Table().Title("[bold]" + Markup.Escape(report.Title) + "[/]").AddColumn("figure").AddColumn("value");
        foreach (var (label, value) in ReportWriter.Summary(report)) t.AddRow(Markup.Escape(label), Markup.Escape(value));
        AnsiConsole.Write(t);
        foreach (var n in report.Notes) AnsiConsole.MarkupLine("[yellow]note:[/] " + Markup.Escape(n));
    }
}
