using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Client.Commands;

/// <summary>Calls one silo's gateway API with a bearer key; a 4xx/5xx answer becomes an exception carrying its message.</summary>
public sealed class GatewayClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = CreateJson();
    private readonly HttpClient _http;

    /// <summary>A client of the gateway at baseUrl; binaryPredict: send predictions as the binary body (docs/API.md), else JSON.</summary>
    public GatewayClient(string baseUrl, string key, bool binaryPredict = true)
    {
        BinaryPredict = binaryPredict;
        // Pooled HTTP/1.1 keep-alive connections (one per concurrent call), reused across calls; sockets use TCP_NODELAY.
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) };
        _http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    public Task<IngestResponse> IngestAsync(string stream, IngestRequest r, CancellationToken ct) => Post<IngestResponse>($"v1/streams/{stream}/samples", r, ct);
    public Task<DeletionReceipt> DeleteAsync(string stream, DeletionRequest r, CancellationToken ct) => Post<DeletionReceipt>($"v1/streams/{stream}/deletions", r, ct);
    public Task<UnlearningReceipt> UnlearnAsync(string stream, UnlearningRequest r, CancellationToken ct) => Post<UnlearningReceipt>($"v1/streams/{stream}/unlearning", r, ct);
    /// <summary>Whether <see cref="PredictAsync"/> sends the binary body (default) or JSON.</summary>
    public bool BinaryPredict { get; }

    public async Task<PredictResponse> PredictAsync(string stream, PredictRequest r, CancellationToken ct)
    {
        if (!BinaryPredict) return await Post<PredictResponse>($"v1/streams/{stream}/predict", r, ct);
        using var content = BinaryPredictContent.Create(r.Images ?? throw new ArgumentException("images is required", nameof(r)));
        using var response = await _http.PostAsync($"v1/streams/{stream}/predict", content, ct);
        return await Answer<PredictResponse>(response, ct);
    }
    public Task<StreamStatus> StatusAsync(string stream, CancellationToken ct) => Get<StreamStatus>($"v1/streams/{stream}/status", ct);
    public Task<DeletionReceipt> DeletionAsync(string stream, string id, CancellationToken ct) => Get<DeletionReceipt>($"v1/streams/{stream}/deletions/{Uri.EscapeDataString(id)}", ct);

    private async Task<T> Post<T>(string path, object body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(path, body, Json, ct);
        return await Answer<T>(response, ct);
    }

    private async Task<T> Get<T>(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        return await Answer<T>(response, ct);
    }

    private static async Task<T> Answer<T>(HttpResponseMessage response, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            ApiError? error = null;
            try { error = JsonSerializer.Deserialize<ApiError>(text, Json); } catch (JsonException) { }
            throw new ApiException((int)response.StatusCode, error?.Error ?? "http_error", error?.Field,
                error?.Message ?? $"HTTP {(int)response.StatusCode}: {text}");
        }
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidDataException("the gateway answered with an empty body");
    }

    public void Dispose() => _http.Dispose();
}
