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
/// A session this silo stops serving because it moved to another silo: <c>HandedOff</c> when this silo
/// stored it and released its lease (drain), false when another silo took it (fenced).
/// </summary>
public sealed record SessionMoving(string SessionId, string Application, string Tenant, bool HandedOff);

/// <summary>A request a previous owner of the session accepted and did not answer (docs/architecture.md).</summary>
public sealed record InterruptedRequest(string SessionId, string Application, string Tenant, uint Sequence, uint RequestId, string Method);

/// <summary>
/// Publishes every session state change inside the process (metrics, tests, operators' hooks), and
/// runs the release work of subsystems that keep per-session state (uploads, cache pins) when a
/// session closes. Handlers run inside the session's turn: they must be quick and must not call back
/// into the session.
/// </summary>
public sealed class SessionLifecycle
{
    private readonly List<Func<SessionClosing, Task>> _releasers = [];
    private readonly List<Func<SessionMoving, Task>> _movers = [];
    private readonly Dictionary<string, Func<InterruptedRequest, Task<Requests.RequestResult?>>> _resolvers = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Registers work that runs when a session leaves this silo without closing (it moved): drop what
    /// this silo holds for it in memory, and never touch what it stored, which the new owner uses.
    /// </summary>
    public void OnMoved(Func<SessionMoving, Task> release)
    {
        ArgumentNullException.ThrowIfNull(release);
        lock (_releasers)
        {
            _movers.Add(release);
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

    /// <summary>Runs every move handler; returns the failures.</summary>
    internal async Task<IReadOnlyList<Exception>> MoveAsync(SessionMoving moving)
    {
        Func<SessionMoving, Task>[] movers;
        lock (_releasers)
        {
            movers = [.. _movers];
        }

        var failures = new List<Exception>();
        foreach (var move in movers)
        {
            try
            {
                await move(moving);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        return failures;
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
