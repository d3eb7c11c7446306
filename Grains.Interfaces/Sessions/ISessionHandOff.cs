namespace OrleansBridge.Sessions;

/// <summary>
/// Hands every session this silo owns to whichever silo its client reaches next: stores its state,
/// releases its ownership lease and closes its client with 4306 (SessionMoved). Present only when
/// grain storage is shared (blob storage with leases); drain uses it on SIGTERM.
/// </summary>
public interface ISessionHandOff
{
    /// <summary>Hands off every owned session; returns how many.</summary>
    Task<int> HandOffAllAsync(CancellationToken cancellationToken);
}
