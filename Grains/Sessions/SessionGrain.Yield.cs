namespace OrleansBridge.Sessions;

/// <summary>Giving way to a new session of the same tenant (docs/protocol.md §5, "Tenant cap and PENDING sessions").</summary>
internal sealed partial class SessionGrain
{
    public async Task<bool> YieldAsync(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);

        // Checked in the session's own turn: a client that resumed a moment ago keeps its session.
        if (_state != SessionState.Pending)
        {
            return false;
        }

        await CloseSessionAsync(ErrorCode.SessionDisplaced, reason);
        return true;
    }
}
