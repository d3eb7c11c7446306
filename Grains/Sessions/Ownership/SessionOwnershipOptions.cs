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
}
