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

/// <summary>A session that is closing: what it held must be released before it is announced CLOSED.</summary>
public sealed record SessionClosing(string SessionId, string Application, string Tenant);

/// <summary>
/// Publishes every session state change inside the process (metrics, tests, operators' hooks), and
/// runs the release work of subsystems that keep per-session state (uploads, cache pins) when a
/// session closes. Handlers run inside the session's turn: they must be quick and must not call back
/// into the session.
/// </summary>
public sealed class SessionLifecycle
{
    private readonly List<Func<SessionClosing, Task>> _releasers = [];

    /// <summary>Raised after each transition.</summary>
    public event Action<SessionTransition>? Transitioned;

    /// <summary>
    /// Registers work that runs, and is awaited, when a session closes, before CLOSED is announced:
    /// whoever sees CLOSED may rely on everything the session held being released.
    /// </summary>
    public void OnClosing(Func<SessionClosing, Task> release)
    {
        ArgumentNullException.ThrowIfNull(release);
        lock (_releasers)
        {
            _releasers.Add(release);
        }
    }

    internal void Publish(SessionTransition transition) => Transitioned?.Invoke(transition);

    /// <summary>Runs every release; one that fails does not stop the others. Returns the failures.</summary>
    internal async Task<IReadOnlyList<Exception>> ReleaseAsync(SessionClosing closing)
    {
        Func<SessionClosing, Task>[] releasers;
        lock (_releasers)
        {
            releasers = [.. _releasers];
        }

        var failures = new List<Exception>();
        foreach (var release in releasers)
        {
            try
            {
                await release(closing);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        return failures;
    }
}
