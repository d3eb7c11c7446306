using System.Text.Json.Serialization;

namespace OrleansBridge.Sessions;

/// <summary>The life of a session (docs/protocol.md §5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionState>))]
public enum SessionState
{
    /// <summary>The WebSocket is open and the handshake is being checked.</summary>
    Connecting,
    /// <summary>A client is attached and messages flow.</summary>
    Connected,
    /// <summary>The client dropped unexpectedly; the session waits for it for the grace window.</summary>
    Pending,
    /// <summary>The session ended; everything it held is released.</summary>
    Closed,
}
