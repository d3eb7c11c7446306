namespace OrleansBridge.Sessions.Ownership;

/// <summary>
/// <c>Bridge:Sessions</c>: how silos sharing blob grain storage own sessions (docs/architecture.md,
/// "Sessions across silos"). Ignored with <c>path:</c> grain storage, where one process owns everything.
/// </summary>
public sealed class SessionOwnershipOptions
{
    /// <summary>
    /// The blob lease held on a session's state (Azure allows 15–60 s). A silo that dies holds it at
    /// most this long; a live owner renews it every third of it.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When a client resumes here while another silo still holds the session's lease, the lease is
    /// broken with this break period (0: at once). Safety comes from the lease id and ETag on every
    /// write, not from waiting: the old owner's next write or renewal fails and it stops serving.
    /// </summary>
    public TimeSpan TakeoverBreakPeriod { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// With one silo's own (<c>path:</c>) storage: close, at start, the sessions an earlier run left
    /// behind, with their scenes and pins (<see cref="SessionSweeper"/>). Their clients could not resume
    /// them anyway; off keeps their records (and scene heads) for inspection until something addresses them.
    /// </summary>
    public bool SweepAtStart { get; set; } = true;
}
