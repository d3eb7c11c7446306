namespace OrleansBridge.Sessions.Ownership;

/// <summary><c>Bridge:Sessions</c>: what happens to sessions an earlier run left behind.</summary>
public sealed class SessionOwnershipOptions
{
    /// <summary>
    /// With one silo's own (<c>path:</c>) storage: close, at start, the sessions an earlier run left
    /// behind, with their scenes and pins (<see cref="SessionSweeper"/>). Their clients could not resume
    /// them anyway; off keeps their records (and scene heads) for inspection until something addresses them.
    /// </summary>
    public bool SweepAtStart { get; set; } = true;
}
