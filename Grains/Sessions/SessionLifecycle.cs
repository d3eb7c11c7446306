namespace OrleansBridge.Sessions;

/// <summary>One session state change, as published inside the server.</summary>
public sealed record SessionTransition(
    string SessionId,
    string Application,
    string Tenant,
    SessionState State,
    SessionState Previous,
    string Reason,
    DateTimeOffset At);

/// <summary>
/// Publishes every session state change inside the process (metrics, tests, operators' hooks).
/// Handlers run inside the session's turn: they must be quick and must not call back into the session.
/// </summary>
public sealed class SessionLifecycle
{
    /// <summary>Raised after each transition.</summary>
    public event Action<SessionTransition>? Transitioned;

    internal void Publish(SessionTransition transition) => Transitioned?.Invoke(transition);
}
