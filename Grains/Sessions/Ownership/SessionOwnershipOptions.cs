namespace OrleansBridge.Sessions.Ownership;

/// <summary><c>Bridge:Sessions</c>: what happens to sessions nobody serves any more.</summary>
public sealed class SessionOwnershipOptions
{
    /// <summary>
    /// With one silo's own (<c>path:</c>) storage: close, at start, the sessions an earlier run left
    /// behind, with their scenes and pins (<see cref="SessionSweeper"/>). Their clients could not resume
    /// them anyway; off keeps their records (and scene heads) for inspection until something addresses them.
    /// </summary>
    public bool SweepAtStart { get; set; } = true;

    /// <summary>
    /// With shared (<c>azure:</c>) grain storage: how often each silo looks for stored sessions that no
    /// activation serves (their silo died and their clients never resumed) and adopts them: PENDING for
    /// one grace window, then closed with their scenes and pins unless their client comes back. Also at
    /// start. Zero turns the sweep off.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// With shared (<c>azure:</c>) grain storage: how long a session may send answers to requests that
    /// change nothing (<c>echo</c>, <c>session.info</c>, and refusals that ran nothing) before its channel
    /// is stored (docs/protocol.md §5.5). Every other answer, and every acknowledgement, still waits for
    /// storage. After a silo dies, a client re-sends at most this much of such requests and ignores their
    /// second answers. Zero stores every answer before it is sent.
    /// </summary>
    public TimeSpan UnstoredAnswerWindow { get; set; } = TimeSpan.FromSeconds(1);
}
