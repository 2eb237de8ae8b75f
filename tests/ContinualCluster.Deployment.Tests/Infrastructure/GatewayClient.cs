using System.Net.Http.Headers;
using System.Text;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Plain HTTP calls to one silo's gateway with a bearer key; returns the status and the body, never throws on 4xx/5xx.</summary>
public sealed class GatewayClient(Uri gateway, string? key)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public sealed record Response(int Status, string Body);

    public Task<Response> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public Task<Response> PostJsonAsync(string path, string json) =>
        SendAsync(HttpMethod.Post, path, Encoding.UTF8.GetBytes(json), "application/json");

    public async Task<Response> SendAsync(HttpMethod method, string path, byte[]? body, string? contentType, string? authorization = null, bool useKey = true)
    {
        using var req = new HttpRequestMessage(method, new Uri(gateway, path));
        if (authorization is not null) req.Headers.TryAddWithoutValidation("Authorization", authorization);
        else if (useKey && key is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            req.Content = new ByteArrayContent(body);
            if (contentType is not null) req.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var res = await Http.SendAsync(req);
        return new Response((int)res.StatusCode, await res.Content.ReadAsStringAsync());
    }
}
