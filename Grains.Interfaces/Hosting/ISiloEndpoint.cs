namespace OrleansBridge.Hosting;

/// <summary>
/// Where this silo's own WebSocket gateway listens, as other processes of the cluster reach it
/// (<c>ws://advertised-address:port</c>): a gateway process (<c>--role gateway</c>) forwards a client
/// to the silo that holds its session.
/// </summary>
public interface ISiloEndpoint
{
    /// <summary>The base URI (no path), or null before the server listens.</summary>
    Uri? BaseUri { get; }
}
