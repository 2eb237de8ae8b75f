namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// A client of the gateway Service, as a user's client with idempotency keys behaves: every attempt goes to a ready
/// endpoint picked at random; 5xx, 408, 429 and connection errors are retried with the same request (so the same
/// request id) until the deadline; any other answer is final.
/// </summary>
public sealed class ServiceClient(ServiceEndpoints endpoints, string key, int seed)
{
    private readonly Random _rng = new(seed);

    /// <summary>The last answer (null when no attempt got one; a 5xx when retries ran out), the attempts made, the last problem seen.</summary>
    public sealed record Outcome(GatewayClient.Response? Final, int Attempts, string? LastProblem)
    {
        public bool Ok => Final is { Status: >= 200 and < 300 };
        public int Status => Final?.Status ?? 0;
        public override string ToString() => Final is null ? $"no answer after {Attempts} attempts ({LastProblem})"
            : $"{Final.Status} after {Attempts} attempts: {Final.Body[..Math.Min(300, Final.Body.Length)]}";
    }

    public static bool Retryable(int status) => status is >= 500 or 408 or 429;

    public Task<Outcome> GetAsync(string path, TimeSpan deadline) => SendAsync(c => c.GetAsync(path), deadline);

    public Task<Outcome> PostAsync(string path, string json, TimeSpan deadline) => SendAsync(c => c.PostJsonAsync(path, json), deadline);

    public async Task<Outcome> SendAsync(Func<GatewayClient, Task<GatewayClient.Response>> call, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        int attempts = 0;
        string? problem = null;
        GatewayClient.Response? last = null;
        while (attempts == 0 || DateTime.UtcNow < until)
        {
            Uri? endpoint;
            lock (_rng) endpoint = endpoints.Pick(_rng);
            if (endpoint is null)
            {
                problem = "no ready endpoint";
                if (DateTime.UtcNow >= until) break;
                await Task.Delay(100);
                continue;
            }
            attempts++;
            try
            {
                last = await call(new GatewayClient(endpoint, key));
                if (!Retryable(last.Status)) return new Outcome(last, attempts, problem);
                problem = $"{last.Status} from {endpoint.Port}: {last.Body[..Math.Min(200, last.Body.Length)]}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                problem = $"{e.GetType().Name} from {endpoint.Port}: {e.Message}";
            }
            await Task.Delay(Math.Min(1000, 50 * attempts));
        }
        return new Outcome(last, attempts, problem);
    }
}
