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

/// <summary>How a session leaves this silo.</summary>
public enum SessionLeaving
{
    /// <summary>It closed: everything it held goes, stored state included.</summary>
    Closed,

    /// <summary>It moved: this silo stored it and handed it off (drain); the next owner resumes it.</summary>
    HandedOff,

    /// <summary>It moved: another silo took it (fenced); what it stored is the new owner's.</summary>
    Taken,
}

/// <summary>
/// A session this silo stops serving. Closed: what it held must be released before it is announced
/// CLOSED. Moved: drop what this silo holds for it in memory, and never touch what it stored, which
/// the new owner uses.
/// </summary>
public sealed record SessionRelease(string SessionId, string Application, string Tenant, SessionLeaving How)
{
    /// <summary>True when the session lives on with another owner.</summary>
    public bool Moved => How != SessionLeaving.Closed;
}

/// <summary>A request a previous owner of the session accepted and did not answer (docs/architecture.md).</summary>
public sealed record InterruptedRequest(string SessionId, string Application, string Tenant, uint Sequence, uint RequestId, string Method);

/// <summary>
/// Publishes every session state change inside the process (metrics, tests, operators' hooks), and
/// runs the release work of subsystems that keep per-session state (uploads and cache pins, scenes,
/// video contexts, jobs) when a session leaves this silo: one path, whether it closed or moved.
/// Handlers run inside the session's turn: they must be quick and must not call back into the session.
/// </summary>
public sealed class SessionLifecycle
{
    private readonly List<Func<SessionRelease, Task>> _releasers = [];
    private readonly Dictionary<string, Func<InterruptedRequest, Task<Requests.RequestResult?>>> _resolvers = new(StringComparer.Ordinal);

    /// <summary>Raised after each transition.</summary>
    public event Action<SessionTransition>? Transitioned;

    /// <summary>
    /// Registers work that runs, and is awaited, when a session leaves this silo (<see cref="SessionRelease"/>):
    /// when it closes, before CLOSED is announced, so whoever sees CLOSED may rely on everything the
    /// session held being released; when it moves, before its client is told so.
    /// </summary>
    public void OnRelease(Func<SessionRelease, Task> release)
    {
        ArgumentNullException.ThrowIfNull(release);
        lock (_releasers)
        {
            _releasers.Add(release);
        }
    }

    /// <summary>
    /// Registers how to find out what became of a request of <paramref name="method"/> that a previous
    /// owner accepted but did not answer: its stored result, or null when it did not take effect.
    /// Requests of methods without one are answered with 4900 RequestInterrupted.
    /// </summary>
    public void OnInterrupted(string method, Func<InterruptedRequest, Task<Requests.RequestResult?>> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        lock (_releasers)
        {
            _resolvers[method] = resolve;
        }
    }

    internal Func<InterruptedRequest, Task<Requests.RequestResult?>>? ResolverOf(string method)
    {
        lock (_releasers)
        {
            return _resolvers.GetValueOrDefault(method);
        }
    }

    internal void Publish(SessionTransition transition) => Transitioned?.Invoke(transition);

    /// <summary>Runs every release; one that fails does not stop the others. Returns the failures.</summary>
    internal async Task<IReadOnlyList<Exception>> ReleaseAsync(SessionRelease release)
    {
        Func<SessionRelease, Task>[] releasers;
        lock (_releasers)
        {
            releasers = [.. _releasers];
        }

        var failures = new List<Exception>();
        foreach (var releaser in releasers)
        {
            try
            {
                await releaser(release);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        return failures;
    }
}
