using OrleansBridge.Client;

namespace OrleansBridge.Bench.Spine;

/// <summary>Opening and closing many SDK sessions, a bounded number at a time.</summary>
internal static class SpineClients
{
    /// <summary>Connects at most this many at once: enough to hide one handshake's latency, few enough for two cores.</summary>
    public const int Parallelism = 8;

    public static async Task<BridgeSession[]> OpenAsync(Uri url, string token, int count, CancellationToken cancellationToken)
    {
        var sessions = new BridgeSession?[count];
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, count, parallel, async (i, cancel) =>
                sessions[i] = await BridgeClient.ConnectAsync(url, token, new BridgeClientOptions(), cancel));
        }
        catch
        {
            await CloseAsync([.. sessions.OfType<BridgeSession>()]);
            throw;
        }

        return [.. sessions.OfType<BridgeSession>()];
    }

    public static Task CloseAsync(BridgeSession[] sessions) =>
        Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, (session, _) => session.DisposeAsync());
}
