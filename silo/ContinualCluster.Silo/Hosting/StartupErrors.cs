namespace ContinualCluster.Silo.Hosting;

/// <summary>
/// Turns a configuration the silo cannot start with (a setting out of range, a value of the wrong type, a missing
/// secret) into one line on standard error naming the setting, and exit status 2, instead of an unhandled-exception
/// stack trace.
/// </summary>
public static class StartupErrors
{
    public const int ConfigurationExitCode = 2;

    /// <summary>Runs <paramref name="compose"/> (reading settings, registering services, building the host) and reports its configuration errors.</summary>
    public static T? Compose<T>(Func<T> compose, out int exitCode) where T : class
    {
        try
        {
            exitCode = 0;
            return compose();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            Console.Error.WriteLine($"ccl-silo: cannot start with this configuration: {Describe(e)}");
            Console.Error.WriteLine("ccl-silo: settings are listed in docs/CONFIGURATION.md (appsettings.json, CCL_* environment variables, command line)");
            exitCode = ConfigurationExitCode;
            return null;
        }
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            if (parts.Count == 0 || !parts[^1].Contains(x.Message, StringComparison.Ordinal)) parts.Add(x.Message);
        return string.Join(" — ", parts);
    }
}
