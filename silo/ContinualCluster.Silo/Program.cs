using ContinualCluster.Grains.Learning;
using ContinualCluster.Silo.Gateway;
using ContinualCluster.Silo.Hosting;

// A silo: stores, the runtime silo, the product's grains over Learning, and the gateway API. Settings come from
// appsettings.json, CCL_-prefixed environment variables and the command line (docs/CONFIGURATION.md); a setting the
// silo cannot start with is reported in one line with exit status 2.
var app = StartupErrors.Compose(() =>
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Configuration.AddContinualConfiguration(args);
    builder.Services
        .AddContinualStores(builder.Configuration)
        .AddContinualSilo(builder.Configuration)
        .AddContinualLearning(builder.Configuration)
        .AddContinualProduct(builder.Configuration)
        .AddContinualGateway(builder.Configuration);
    builder.WebHost.UseGatewayKestrel(builder.Configuration);
    return builder.Build();
}, out int exitCode);
if (app is null) return exitCode;
app.MapContinualGateway();
await app.RunAsync();
return 0;
