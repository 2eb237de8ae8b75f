using System.Diagnostics;
using ContinualCluster.Abstractions;
using ContinualCluster.Abstractions.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContinualCluster.Silo.Gateway;

/// <summary>Maps the gateway routes of DESIGN.md onto an <see cref="IStreamService"/>, with keys, validation and metrics.</summary>
public static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapContinualGateway(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/streams/{id}/samples", (HttpContext c, string id) => Handle(c, "samples", ApiRole.Ingest, async (s, ct) =>
        {
            var body = await Read<IngestRequest>(c, ct);
            RequestValidator.Validate(body);
            return Results.Json(await s.IngestAsync(id, body!, ct), GatewayJson.Options, statusCode: 202);
        }, id));
        app.MapPost("/v1/streams/{id}/deletions", (HttpContext c, string id) => Handle(c, "deletions", ApiRole.Delete, async (s, ct) =>
        {
            var body = await Read<DeletionRequest>(c, ct);
            RequestValidator.Validate(body);
            return Results.Json(await s.DeleteAsync(id, body!, ct), GatewayJson.Options, statusCode: 202);
        }, id));
        app.MapGet("/v1/streams/{id}/deletions/{rid}", (HttpContext c, string id, string rid) => Handle(c, "deletion", ApiRole.Delete, async (s, ct) =>
            Results.Json(await s.GetDeletionAsync(id, rid, ct), GatewayJson.Options), id));
        app.MapPost("/v1/streams/{id}/unlearning", (HttpContext c, string id) => Handle(c, "unlearning", ApiRole.Delete, async (s, ct) =>
        {
            var body = await Read<UnlearningRequest>(c, ct);
            RequestValidator.Validate(body);
            return Results.Json(await s.UnlearnAsync(id, body!, ct), GatewayJson.Options, statusCode: 202);
        }, id));
        app.MapPost("/v1/streams/{id}/predict", (HttpContext c, string id) => Handle(c, "predict", ApiRole.Predict, async (s, ct) =>
        {
            // A binary body (application/octet-stream, docs/API.md) is checked completely while it is decoded; JSON by the validator.
            PredictRequest? body;
            if (BinaryPredictBody.IsBinary(c.Request)) body = await BinaryPredictBody.ReadAsync(c.Request, MaxBodyBytes(c), ct);
            else RequestValidator.Validate(body = await Read<PredictRequest>(c, ct, BinaryPredictBody.ContentType));
            return Results.Json(await s.PredictAsync(id, body!, ct), GatewayJson.Options);
        }, id));
        app.MapGet("/v1/streams/{id}/status", (HttpContext c, string id) => Handle(c, "status", ApiRole.Predict, async (s, ct) =>
            Results.Json(await s.GetStatusAsync(id, ct), GatewayJson.Options), id));
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (HttpContext c) =>
        {
            var readiness = c.RequestServices.GetService<IReadiness>();
            string? reason = readiness is null ? null : await readiness.NotReadyReasonAsync(c.RequestAborted);
            return reason is null ? Results.Text("ready\n") : Results.Text($"not ready: {reason}\n", statusCode: 503);
        });
        app.MapGet("/metrics", (HttpContext c) =>
            Results.Text(c.RequestServices.GetRequiredService<GatewayMetrics>().Render(c.RequestServices.GetService<IClusterGauges>()),
                "text/plain; version=0.0.4"));
        return app;
    }

    private static Task<T?> Read<T>(HttpContext c, CancellationToken ct, string? alsoAccepted = null) =>
        GatewayJson.ReadAsync<T>(c.Request, MaxBodyBytes(c), ct, alsoAccepted);

    private static long MaxBodyBytes(HttpContext c) => c.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxBodyBytes;

    private static async Task<IResult> Handle(HttpContext c, string route, ApiRole role,
        Func<IStreamService, CancellationToken, Task<IResult>> work, string streamId)
    {
        var started = Stopwatch.GetTimestamp();
        var metrics = c.RequestServices.GetRequiredService<GatewayMetrics>();
        IResult result;
        int status;
        try
        {
            c.RequestServices.GetRequiredService<ApiKeyRing>().Authorize(c.Request.Headers.Authorization, role);
            RequestValidator.StreamId(streamId);
            result = await work(c.RequestServices.GetRequiredService<IStreamService>(), c.RequestAborted);
            status = (result as IStatusCodeHttpResult)?.StatusCode ?? 200;
        }
        catch (ApiException e)
        {
            status = e.Status;
            result = Results.Json(e.ToError(), GatewayJson.Options, statusCode: e.Status);
        }
        catch (OperationCanceledException) when (c.RequestAborted.IsCancellationRequested)
        {
            status = 499;
            result = Results.StatusCode(499);
        }
        metrics.Observe(route, status, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }
}
