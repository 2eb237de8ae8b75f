using System.Text.Json;
using System.Text.Json.Serialization;
using ContinualCluster.Abstractions.Api;
using Microsoft.AspNetCore.Http;

namespace ContinualCluster.Silo.Gateway;

/// <summary>The gateway's JSON settings and a body reader whose errors name the JSON path that was wrong.</summary>
public static class GatewayJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            MaxDepth = 8,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return o;
    }

    /// <summary>
    /// Reads and deserialises the body, turning every JSON problem into a 400 naming the path; alsoAccepted is another
    /// content type the route takes (named in the 415 message), or null.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken ct, string? alsoAccepted = null)
    {
        if (request.ContentLength is { } n && n > maxBytes)
            throw ApiException.TooLarge("$", $"the body is {n} bytes; at most {maxBytes}");
        if (request.ContentType is { } ct0 && !ct0.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ApiException(415, "unsupported_media_type", "Content-Type", $"Content-Type is '{ct0}'; send application/json" + (alsoAccepted is null ? "" : $" or {alsoAccepted}"));
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
        }
        catch (JsonException e)
        {
            string path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path.TrimStart('$', '.');
            if (path.Length == 0) path = "$";
            string what = e.Message.Split(" Path:", 2)[0];
            throw ApiException.Invalid(path, $"malformed JSON at {path}: {what}");
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw ApiException.TooLarge("$", $"the body exceeds {maxBytes} bytes");
        }
    }
}
