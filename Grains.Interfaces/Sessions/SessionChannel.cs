using OrleansBridge.Protocol.Reliability;

namespace OrleansBridge.Sessions;

/// <summary>
/// The reliable channel of one session: what the server sent and holds until acknowledged, and
/// what it received in order. It outlives connections, which is what makes resume exact.
/// </summary>
public sealed class SessionChannel : Hosting.IProcessLocal
{
    /// <summary>Creates a channel with the session's outbound bounds.</summary>
    public SessionChannel(long maxOutboundBytes, int maxOutboundMessages)
    {
        Outbox = new Outbox(maxOutboundBytes, maxOutboundMessages);
    }

    /// <summary>A channel continued from stored state (a session that moved to this server).</summary>
    public SessionChannel(Outbox outbox, InboundSequence inbound)
    {
        Outbox = outbox;
        Inbound = inbound;
    }

    /// <summary>Server → client messages not yet acknowledged.</summary>
    public Outbox Outbox { get; }

    /// <summary>Client → server delivery position.</summary>
    public InboundSequence Inbound { get; } = new();

    /// <summary>Video frames: unsequenced, bounded per stream, dropped (never replayed) when a connection ends.</summary>
    public Protocol.Media.MediaQueue Media { get; } = new();
}
