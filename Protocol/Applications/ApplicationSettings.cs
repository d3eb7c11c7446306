namespace OrleansBridge.Applications;

/// <summary>One configured application: an endpoint path with its storage, security and limits.</summary>
/// <param name="Name">The configuration key, also the ApplicationGrain's key.</param>
/// <param name="Path">The WebSocket endpoint path, e.g. <c>/bridge</c>.</param>
/// <param name="Cache">The disk cache spec: <c>path:&lt;dir&gt;</c>, <c>azure:&lt;…&gt;</c> or <c>address:&lt;url&gt;</c>.</param>
/// <param name="Snapshots">Where snapshots are kept.</param>
/// <param name="OpenAtStart">Whether the application opens when the server starts.</param>
/// <param name="GraceWindow">How long a dropped session waits in PENDING.</param>
/// <param name="HandshakeTimeout">How long the server waits for Hello after the upgrade.</param>
/// <param name="AllowedOrigins">Origins allowed to connect from a browser; empty allows none that send an Origin header.</param>
/// <param name="Limits">The limits enforced on sessions.</param>
/// <param name="CacheBudgetBytes">
/// The size budget of a <c>path:</c> cache: past it, least recently used unpinned entries are evicted.
/// 0 for none. Applications sharing one cache spec share the smallest budget any of them sets.
/// </param>
public sealed record ApplicationSettings(
    string Name,
    string Path,
    string Cache,
    string Snapshots,
    bool OpenAtStart,
    TimeSpan GraceWindow,
    TimeSpan HandshakeTimeout,
    IReadOnlyList<string> AllowedOrigins,
    ApplicationLimits Limits,
    long CacheBudgetBytes = 0);

/// <summary>Limits of one application; the server enforces every one itself.</summary>
/// <param name="MaxSessions">Concurrent sessions (not CLOSED) in the application.</param>
/// <param name="MaxSessionsPerTenant">Concurrent sessions per tenant unless the token carries its own cap.</param>
/// <param name="MaxMessageBytes">Largest WebSocket message accepted, header included.</param>
/// <param name="MaxInFlightBytes">Request bytes received and not yet answered.</param>
/// <param name="MaxMessagesPerSecond">Sustained inbound message rate (a token bucket with one second of burst).</param>
/// <param name="MaxOutboundBytes">Unacknowledged outbound bytes held per session, during PENDING too.</param>
/// <param name="MaxOutboundMessages">Unacknowledged outbound messages held per session.</param>
/// <param name="PingInterval">How often the server pings an idle client.</param>
/// <param name="PingTimeout">Silence after which a client counts as dropped.</param>
/// <param name="MaxForwardedLogLevel">The lowest log level the server forwards, whatever the client asks.</param>
/// <param name="MaxTenantCacheBytes">Bytes of cache entries a tenant's uploads may store (their quota); 0 for no quota.</param>
public sealed record ApplicationLimits(
    int MaxSessions,
    int MaxSessionsPerTenant,
    int MaxMessageBytes,
    long MaxInFlightBytes,
    int MaxMessagesPerSecond,
    long MaxOutboundBytes,
    int MaxOutboundMessages,
    TimeSpan PingInterval,
    TimeSpan PingTimeout,
    string MaxForwardedLogLevel,
    long MaxTenantCacheBytes = 0);
