using OrleansBridge.Admission;
using OrleansBridge.Applications;
using OrleansBridge.Hosting;

namespace OrleansBridge.Gateway.Connections;

/// <summary>Everything a connection needs from the server, gathered once per application.</summary>
internal sealed record ConnectionServices(
    ApplicationSettings Application,
    IGrainFactory Grains,
    ISessionHandler SessionHandler,
    IServerCapabilities Capabilities,
    TimeProvider Time)
{
    /// <summary>Wait before a standalone Ack when nothing outbound carries the acknowledgement.</summary>
    public static readonly TimeSpan AckDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>Received-but-unacknowledged messages that trigger a standalone Ack at once.</summary>
    public const uint AckEvery = 32;

    /// <summary>How long a closing connection waits for the peer's half of the close handshake.</summary>
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
}
