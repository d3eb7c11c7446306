namespace OrleansBridge.Client;

/// <summary>Entry point of the SDK.</summary>
public static class BridgeClient
{
    /// <summary>
    /// Connects to an application (e.g. <c>ws://127.0.0.1:5080/bridge</c>) and opens a session.
    /// Throws <see cref="BridgeRejectedException"/> when the server refuses, with its stable code.
    /// </summary>
    /// <summary>
    /// Creates a session without connecting, so that handlers can subscribe to every event,
    /// the first ones included; then call <see cref="BridgeSession.ConnectAsync"/>.
    /// </summary>
    public static BridgeSession Create(Uri url, string token, BridgeClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(token);
        return new BridgeSession(url, token, options ?? new BridgeClientOptions());
    }

    public static async Task<BridgeSession> ConnectAsync(Uri url, string token, BridgeClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(token);
        var session = Create(url, token, options);
        try
        {
            await session.ConnectAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
