namespace OrleansBridge.Client;

/// <summary>The session as the client sees it.</summary>
public enum ClientState
{
    /// <summary>Opening the WebSocket and handshaking.</summary>
    Connecting,
    /// <summary>Attached; requests flow.</summary>
    Connected,
    /// <summary>The connection dropped; reconnecting to resume. Requests queue and are replayed.</summary>
    Pending,
    /// <summary>The session ended; see <see cref="BridgeSession.Completion"/>.</summary>
    Closed,
}

/// <summary>A client-side state change.</summary>
/// <param name="State">The new state.</param>
/// <param name="Previous">The state before.</param>
/// <param name="Reason">Why, for people.</param>
/// <param name="At">When, on the client's clock.</param>
public sealed record ClientStateChange(ClientState State, ClientState Previous, string Reason, DateTimeOffset At);

/// <summary>How a session ended.</summary>
/// <param name="Code">The protocol code (<see cref="Protocol.ErrorCode.SessionClosed"/> for a normal close).</param>
/// <param name="Reason">Why, for people.</param>
public sealed record SessionEnd(Protocol.ErrorCode Code, string Reason);
