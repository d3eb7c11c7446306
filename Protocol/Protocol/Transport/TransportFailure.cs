using System.Net.WebSockets;

namespace OrleansBridge.Protocol.Transport;

/// <summary>
/// What ends a WebSocket conversation from outside the protocol: the peer vanished or reset, the socket
/// was aborted or disposed under a pending read or write, the wait was cancelled, or the stream under
/// it failed. One definition for every loop of the server and the SDK that reads or writes a socket, so
/// they agree on what is a lost connection (handled: the session goes PENDING) and what is a bug (not caught).
/// </summary>
public static class TransportFailure
{
    /// <summary>True when <paramref name="exception"/> means the connection is gone.</summary>
    public static bool Is(Exception exception) =>
        exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException;
}
