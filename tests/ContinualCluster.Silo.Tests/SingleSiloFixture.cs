using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>One real silo process on a fresh SQLite file, shared by the tests of one class.</summary>
public sealed class SingleSiloFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ccl-silo-").FullName;
    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Silo = await SiloProcess.StartAsync("silo-t1", "sqlite", $"Data Source={Path.Combine(_dir, "cluster.db")}", _dir);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
