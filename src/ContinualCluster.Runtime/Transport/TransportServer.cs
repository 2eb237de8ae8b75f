using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContinualCluster.Runtime.Transport;

/// <summary>The silo's Kestrel endpoint (HTTP/2 without TLS) that accepts authenticated transport streams from other silos.</summary>
internal sealed class TransportServer : IAsyncDisposable
{
    public const string StreamPath = "/cc/v1/stream";
    public const string FromHeader = "cc-from-silo";

    private readonly SiloRuntime _runtime;
    private readonly byte[] _secret;
    private WebApplication? _app;

    public TransportServer(SiloRuntime runtime)
    {
        _runtime = runtime;
        _secret = Encoding.UTF8.GetBytes("Bearer " + runtime.Options.ClusterSecret);
    }

    /// <summary>Starts Kestrel and returns the port it listens on.</summary>
    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        var o = _runtime.Options;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.MinResponseDataRate = null;
            k.Limits.Http2.InitialStreamWindowSize = 16 * 1024 * 1024;
            k.Limits.Http2.InitialConnectionWindowSize = 32 * 1024 * 1024;
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Listen(IPAddress.Parse(o.ListenAddress), o.SiloPort, l => l.Protocols = HttpProtocols.Http2);
        });
        _app = builder.Build();
        _app.MapPost(StreamPath, HandleAsync);
        await _app.StartAsync(cancellationToken);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First()).Port;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var auth = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
        if (!CryptographicOperations.FixedTimeEquals(auth, _secret))
        {
            _runtime.Logger.LogWarning("Rejected a transport stream from {Remote} ({Silo}): wrong cluster secret",
                context.Connection.RemoteIpAddress, context.Request.Headers[FromHeader].ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        context.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate = null;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-cc-frames";
        await context.Response.StartAsync(context.RequestAborted);
        var connection = new InboundConnection(_runtime);
        try { await connection.RunAsync(context); }
        catch (OperationCanceledException) { }
        catch (IOException) { }
    }

    /// <summary>Stops accepting and aborts open streams (a kill: no grace period).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        using var cts = new CancellationTokenSource(TimeSpan.Zero);
        try { await _app.StopAsync(cts.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        _app = null;
    }
}
