using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.TestSilo;
using ContinualCluster.Storage.PostgreSql;
using ContinualCluster.Storage.Sqlite;
using ContinualCluster.TestKit.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A silo process for fault tests: composes stores and the silo, prints READY, and runs until killed.
var (siloId, store, connection, labels, production) = TestSiloArguments.Parse(args);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
if (store == StoreKind.Sqlite) builder.Services.AddSqliteStores(connection, o => o.SynchronousFull = false);
else builder.Services.AddPostgreSqlStores(connection);
var template = production ? new SiloOptions { ClusterSecret = TestSiloOptions.Secret } : TestSiloOptions.CreateForProcesses(siloId);
builder.Services.AddContinualClusterSilo(o =>
{
    o.SiloId = siloId;
    o.ClusterSecret = template.ClusterSecret;
    o.HeartbeatInterval = template.HeartbeatInterval;
    o.Lease = template.Lease;
    o.DeadTimeout = template.DeadTimeout;
    o.MembershipRefreshInterval = template.MembershipRefreshInterval;
    o.ResponseTimeout = template.ResponseTimeout;
    o.StoreKind = store;
    o.StoreConnectionString = connection;
    foreach (var (k, v) in labels) o.Labels[k] = v;
});
using var host = builder.Build();
await host.StartAsync();
var silo = host.Services.GetRequiredService<Silo>();
Console.WriteLine($"READY {silo.Endpoint} {silo.Generation}");
await Task.WhenAny(silo.Stopped, host.WaitForShutdownAsync());
bool declaredDead = silo.Stopped.IsCompleted;
await host.StopAsync();
return declaredDead ? 3 : 0;
