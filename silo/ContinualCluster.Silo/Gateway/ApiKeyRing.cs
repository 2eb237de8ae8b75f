using System.Security.Cryptography;
using System.Text;
using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Silo.Gateway;

/// <summary>The configured bearer keys and their roles; answers whether a request's Authorization header allows a role.</summary>
public sealed class ApiKeyRing
{
    private readonly List<(byte[] Key, ApiRole Role)> _keys = new();

    public ApiKeyRing(GatewayOptions options)
    {
        for (int i = 0; i < options.Keys.Count; i++)
        {
            var (role, key) = Parse(options.Keys[i], $"Gateway:Keys:{i}");
            _keys.Add((Encoding.UTF8.GetBytes(key), role));
        }
    }

    /// <summary>Parses "role:key", throwing an exception that names the setting when it is malformed.</summary>
    public static (ApiRole Role, string Key) Parse(string entry, string setting)
    {
        int colon = entry.IndexOf(':');
        if (colon <= 0 || colon == entry.Length - 1)
            throw new ArgumentException($"{setting} must be \"role:key\" (role ingest, delete, predict or admin)");
        if (!Enum.TryParse<ApiRole>(entry[..colon], ignoreCase: true, out var role) || !Enum.IsDefined(role))
            throw new ArgumentException($"{setting}: unknown role '{entry[..colon]}' (ingest, delete, predict, admin)");
        string key = entry[(colon + 1)..];
        if (key.Length < 8) throw new ArgumentException($"{setting}: the key is shorter than 8 characters");
        return (role, key);
    }

    /// <summary>Throws 401 when the header is missing or the key unknown, 403 when the key lacks the role.</summary>
    public void Authorize(string? authorization, ApiRole required)
    {
        const string prefix = "Bearer ";
        if (string.IsNullOrEmpty(authorization))
            throw new ApiException(401, "unauthorized", "Authorization", "the Authorization header is missing (Authorization: Bearer <key>)");
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            throw new ApiException(401, "unauthorized", "Authorization", "the Authorization header must be 'Bearer <key>'");
        var presented = Encoding.UTF8.GetBytes(authorization[prefix.Length..].Trim());
        bool known = false;
        foreach (var (key, role) in _keys)
        {
            if (!CryptographicOperations.FixedTimeEquals(key, presented)) continue;
            known = true;
            if (role == required || role == ApiRole.Admin) return;
        }
        if (!known) throw new ApiException(401, "unauthorized", "Authorization", "the bearer key is not known");
        throw new ApiException(403, "forbidden", "Authorization", $"the bearer key lacks the '{required.ToString().ToLowerInvariant()}' role");
    }
}
