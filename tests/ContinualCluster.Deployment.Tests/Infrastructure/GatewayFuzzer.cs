using System.Text;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// Generates invalid gateway requests (malformed JSON, wrong shapes, NaN and infinities, oversize and deep bodies,
/// bad or missing keys, wrong roles, bad stream ids, wrong content types): every one must be answered with a 4xx.
/// </summary>
public sealed class GatewayFuzzer(int seed, string adminKey, string predictKey)
{
    private readonly Random _rng = new(seed);
    private const int Pixels = 784;

    private static readonly string[] JsonRoutes = ["samples", "deletions", "unlearning", "predict"];

    public FuzzCase Next()
    {
        string route = JsonRoutes[_rng.Next(JsonRoutes.Length)];
        string path = $"/v1/streams/fuzz-{_rng.Next(3)}/{route}";
        return _rng.Next(14) switch
        {
            12 or 13 => Binary(route, path),
            0 => Json("malformed", path, Malformed()),
            1 => Json("wrong-shape", path, WrongShape(route)),
            2 => Json("non-finite", path, NonFinite(route)),
            3 => Json("deep", path, new string('[', 64) + new string(']', 64)),
            4 => Json("random-bytes", path, RandomBytes(_rng.Next(1, 4096))),
            5 => BadKey(path),
            6 => new FuzzCase("wrong-role", HttpMethod.Post, $"/v1/streams/fuzz-0/samples", Encoding.UTF8.GetBytes(ValidIngest()), "application/json", $"Bearer {predictKey}"),
            7 => new FuzzCase("content-type", HttpMethod.Post, path, Encoding.UTF8.GetBytes("{}"), "text/plain", $"Bearer {adminKey}"),
            8 => Json("bad-stream-id", $"/v1/streams/{BadStreamId()}/{route}", ValidIngest()),
            9 => OutOfRangeCase(route, path),
            10 => Json("unknown-field", path, "{\"requestId\":\"r\",\"bogus\":1}"),
            _ => Json("empty", path, _rng.Next(2) == 0 ? "" : "null"),
        };
    }

    /// <summary>
    /// Hostile binary bodies (application/octet-stream): on /predict a length that is not whole images, empty, more than
    /// 4,096 images, or whole images holding a NaN/±∞ somewhere; on the JSON-only routes any octet-stream (415).
    /// </summary>
    private FuzzCase Binary(string route, string path)
    {
        const int image = Pixels * sizeof(float);
        if (route != "predict") return Octets("binary-json-route", path, RandomBytes(_rng.Next(1, 3) * image));
        string predict = $"/v1/streams/fuzz-{_rng.Next(3)}/predict";
        switch (_rng.Next(4))
        {
            case 0: return Octets("binary-ragged", predict, RandomBytes(_rng.Next(1, 4) * image + _rng.Next(1, image)));
            case 1: return Octets("binary-empty", predict, []);
            case 2: return Octets("binary-too-many", predict, new byte[(4096 + _rng.Next(1, 8)) * image]);
            default:
                var floats = new float[_rng.Next(1, 9) * Pixels];
                for (int i = 0; i < floats.Length; i++) floats[i] = (float)_rng.NextDouble();
                floats[_rng.Next(floats.Length)] = _rng.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
                return Octets("binary-non-finite", predict, System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()).ToArray());
        }
    }

    private FuzzCase Octets(string name, string path, byte[] body) =>
        new(name, HttpMethod.Post, path, body, "application/octet-stream", $"Bearer {adminKey}");

    /// <summary>A body larger than the gateway's limit (64 MiB by default).</summary>
    public FuzzCase Oversize(long bytes) =>
        new("oversize", HttpMethod.Post, "/v1/streams/fuzz-0/samples", OversizeBody(bytes), "application/json", $"Bearer {adminKey}");

    private FuzzCase Json(string name, string path, string body) =>
        new(name, HttpMethod.Post, path, Encoding.UTF8.GetBytes(body), "application/json", $"Bearer {adminKey}");

    private FuzzCase Json(string name, string path, byte[] body) =>
        new(name, HttpMethod.Post, path, body, "application/json", $"Bearer {adminKey}");

    private FuzzCase BadKey(string path)
    {
        string? auth = _rng.Next(5) switch
        {
            0 => null,
            1 => "Bearer ",
            2 => $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + adminKey))}",
            3 => $"Bearer {adminKey}x",
            _ => $"Bearer {Guid.NewGuid():N}",
        };
        return new FuzzCase("bad-key", HttpMethod.Post, path, Encoding.UTF8.GetBytes(ValidIngest()), "application/json", auth);
    }

    private string Malformed()
    {
        string valid = ValidIngest();
        return _rng.Next(5) switch
        {
            0 => valid[..(_rng.Next(1, valid.Length - 1))],                 // truncated
            1 => valid.Replace("\"samples\"", "samples"),                    // unquoted name
            2 => valid.Replace("]", ",]"),                                   // trailing comma
            3 => "{\"requestId\":\"r\",\"samples\":[{\"id\":\"a\"}]]}",      // unbalanced
            _ => "{'requestId':'r'}",                                        // single quotes
        };
    }

    private string WrongShape(string route) => _rng.Next(6) switch
    {
        0 => "[]",
        1 => "\"samples\"",
        2 => route == "predict" ? "{\"images\":\"abc\"}" : "{\"requestId\":\"r\",\"samples\":{\"id\":\"a\"}}",
        3 => route == "predict" ? $"{{\"images\":[[{Floats(Pixels - 1)}]]}}" : $"{{\"requestId\":\"r\",\"samples\":[{{\"id\":\"a\",\"owner\":\"o\",\"label\":1,\"pixels\":[{Floats(Pixels + 3)}]}}]}}",
        4 => "{\"requestId\":12,\"sampleIds\":[1,2,3]}",
        _ => route == "deletions" ? "{\"requestId\":\"r\",\"sampleIds\":[\"a\"],\"owner\":\"o\"}" : "{\"requestId\":\"r\",\"samples\":[{\"label\":\"three\"}]}",
    };

    private string NonFinite(string route)
    {
        string bad = _rng.Next(4) switch { 0 => "NaN", 1 => "\"NaN\"", 2 => "Infinity", _ => "1e999" };
        string pixels = Floats(Pixels - 1) + "," + bad;
        return route == "predict"
            ? $"{{\"images\":[[{pixels}]]}}"
            : $"{{\"requestId\":\"r-{_rng.Next()}\",\"samples\":[{{\"id\":\"a\",\"owner\":\"o\",\"label\":1,\"pixels\":[{pixels}]}}]}}";
    }

    private FuzzCase OutOfRangeCase(string route, string path) => _rng.Next(4) switch
    {
        // A label outside 0..9 only means something where labels are required: the samples route.
        0 => Json("out-of-range", "/v1/streams/fuzz-0/samples",
            $"{{\"requestId\":\"r\",\"samples\":[{{\"id\":\"a\",\"owner\":\"o\",\"label\":{(_rng.Next(2) == 0 ? -1 : 10)},\"pixels\":[{Floats(Pixels)}]}}]}}"),
        1 => Json("out-of-range", path, $"{{\"requestId\":\"r\",\"classLabel\":{(_rng.Next(2) == 0 ? -3 : 11)}}}"),
        2 => Json("out-of-range", path, $"{{\"requestId\":\"{new string('r', 4000)}\",\"sampleIds\":[\"a\"]}}"),
        _ => Json("out-of-range", path, route == "predict" ? "{\"images\":[]}" : "{\"requestId\":\"r\",\"sampleIds\":[]}"),
    };

    private string BadStreamId() => _rng.Next(3) switch
    {
        0 => new string('s', 300),          // longer than 128 characters
        1 => "%01abc",                       // a control character
        _ => "%20%20",                       // only white space
    };

    private string ValidIngest() =>
        $"{{\"requestId\":\"r-{_rng.Next()}\",\"samples\":[{{\"id\":\"s-{_rng.Next()}\",\"owner\":\"o\",\"label\":{_rng.Next(10)},\"pixels\":[{Floats(Pixels)}]}}]}}";

    private string Floats(int n) => string.Join(',', Enumerable.Range(0, n).Select(_ => (_rng.Next(1000) / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));

    private byte[] RandomBytes(int n) { var b = new byte[n]; _rng.NextBytes(b); return b; }

    private static byte[] OversizeBody(long bytes)
    {
        var head = Encoding.UTF8.GetBytes("{\"requestId\":\"big\",\"samples\":[],\"pad\":\"");
        var body = new byte[bytes];
        head.CopyTo(body, 0);
        body.AsSpan(head.Length).Fill((byte)'x');
        return body;
    }
}
