
namespace OrleansBridge.Sessions;

/// <summary>
/// A gateway connection attached to a session, as the session grain sees it (an in-process grain
/// observer). The connection sends from the session's outbox by itself; the grain only asks it to close.
/// </summary>
public interface ISessionLink : Hosting.IProcessLocal
{
    /// <summary>A short id for logs.</summary>
    string ConnectionId { get; }

    /// <summary>Sends a Close frame with the code and closes the socket. Returns without waiting for the peer.</summary>
    void Close(ErrorCode code, string reason);
}
