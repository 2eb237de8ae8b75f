using System.CommandLine;
using ContinualCluster.Client.Commands;

// Composes the `ccl` verbs; each verb lives in Commands/.
var common = new CommonOptions();
var root = new RootCommand("ccl: the ContinualCluster command line. Streams data in without task labels, deletes samples exactly, " +
                           "forgets concepts, asks for predictions, and runs the demo that writes out/report.html.")
{
    DemoCommand.Create(),
    IngestCommand.Create(common),
    DeleteCommand.Create(common),
    UnlearnCommand.Create(common),
    PredictCommand.Create(common),
    StatusCommand.Create(common),
    ReportCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
