using ContinualCluster.Grains.Learning;
using ContinualCluster.Silo.Gateway;
using ContinualCluster.Silo.Hosting;

// A silo: stores, the runtime silo, the product's grains over Learning, and the gateway API. Settings come from
// appsettings.json, CCL_-prefixed environment variables and the command line (docs/CONFIGURATION.md).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddContinualConfiguration(args);
builder.Services
    .AddContinualStores(builder.Configuration)
    .AddContinualSilo(builder.Configuration)
    .AddContinualLearning(builder.Configuration)
    .AddContinualProduct(builder.Configuration)
    .AddContinualGateway(builder.Configuration);
builder.WebHost.UseGatewayKestrel(builder.Configuration);
var app = builder.Build();
app.MapContinualGateway();
await app.RunAsync();
