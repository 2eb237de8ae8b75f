using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContinualCluster.Silo.Gateway;

namespace ContinualCluster.Silo.Tests;

/// <summary>Raw HTTP calls to a gateway, so tests can send malformed bodies and read status codes and error bodies.</summary>
public static class GatewayHttp
{
    public static async Task<(int Status, JsonElement Body)> SendAsync(Uri gateway, HttpMethod method, string path, string? key, string? json)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(3) };
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
        return ((int)response.StatusCode, body);
    }

    /// <summary>POSTs raw bytes with the given Content-Type (the binary predict body, or hostile variants of it).</summary>
    public static async Task<(int Status, JsonElement Body)> SendBytesAsync(Uri gateway, string path, string? key, byte[] body, string contentType)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(3) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        var parsed = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
        return ((int)response.StatusCode, parsed);
    }

    /// <summary>Images as the binary predict body: 784 little-endian float32 each, back to back.</summary>
    public static byte[] Binary(IEnumerable<float[]> images) =>
        images.SelectMany(i => System.Runtime.InteropServices.MemoryMarshal.AsBytes(i.AsSpan()).ToArray()).ToArray();

    public static Task<(int Status, JsonElement Body)> PostAsync(Uri gateway, string path, string key, object body) =>
        SendAsync(gateway, HttpMethod.Post, path, key, JsonSerializer.Serialize(body, GatewayJson.Options));

    public static Task<(int Status, JsonElement Body)> GetAsync(Uri gateway, string path, string key) =>
        SendAsync(gateway, HttpMethod.Get, path, key, null);

    public static string Field(this JsonElement e) => e.TryGetProperty("field", out var f) ? f.GetString() ?? "" : "";
}
