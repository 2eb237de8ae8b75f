namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Retries a request the way a client with an idempotency key does, until it succeeds or time runs out.</summary>
public static class Eventually
{
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> attempt, Func<T, bool> ok, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = default!;
        Exception? error = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await attempt();
                error = null;
                if (ok(last)) return last;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { error = e; }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{what} did not succeed within {timeout.TotalSeconds:0} s; last: {(error?.Message ?? last?.ToString())}");
    }
}
