using Orleans;
using OrleansBridge.Admission;
using OrleansBridge.Applications;

namespace OrleansBridge.Gateway.Connections;

/// <summary>Everything a connection needs from the server, gathered once per application.</summary>
internal sealed record ConnectionServices(
    ApplicationSettings Application,
    IGrainFactory Grains,
    ISessionHandler SessionHandler,
    IServerCapabilities Capabilities,
    TimeProvider Time,
    Diagnostics.BridgeMetrics Metrics,
    Orleans.Runtime.SiloAddress Silo)
{
    /// <summary>How many times a resume asks its session to come to this silo before it gives up with 4306 (the client retries).</summary>
    public const int MoveAttempts = 6;

    /// <summary>The first wait between two attempts, doubled each time (10 … 160 ms): an activation that is leaving answers until it is gone.</summary>
    public static readonly TimeSpan MoveRetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long a resume waits at the gateway while its session's silo is unreachable (killed, not yet
    /// declared dead by membership) before the client is told 4306 and retries; below the SDK's 10 s
    /// handshake timeout, above the shipped membership settings' detection time.
    /// </summary>
    public static readonly TimeSpan ResumeWait = TimeSpan.FromSeconds(6);

    /// <summary>The wait between two calls to a session whose silo is unreachable.</summary>
    public static readonly TimeSpan UnreachableRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a closing connection waits for the peer's half of the close handshake.</summary>
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
}
