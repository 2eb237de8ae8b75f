using System.CommandLine;
using ContinualCluster.Abstractions.Api;
using Spectre.Console;

namespace ContinualCluster.Client.Commands;

/// <summary>Invokes the parsed command and turns expected failures (bad input, refused requests) into one red line and exit code 1.</summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (ApiException e)
        {
            AnsiConsole.MarkupLine($"[red]refused ({e.Status} {Markup.Escape(e.Error)}{(e.Field is null ? "" : ", field " + Markup.Escape(e.Field))}):[/] {Markup.Escape(e.Detail)}");
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or HttpRequestException or DirectoryNotFoundException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
        }
        return 1;
    }
}
