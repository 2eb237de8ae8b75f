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

    public GatewayClient(string baseUrl, string key)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
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
    public Task<PredictResponse> PredictAsync(string stream, PredictRequest r, CancellationToken ct) => Post<PredictResponse>($"v1/streams/{stream}/predict", r, ct);
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
