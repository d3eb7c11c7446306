using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansBridge.Diagnostics;
using OrleansBridge.Hosting;

namespace OrleansBridge.Sessions.Ownership;

/// <summary>
/// Which sessions this silo owns, and with which lease id, when grain storage is shared by several
/// silos (blob storage with leases). The session grain acquires, renews and releases the lease; the
/// scene grain of the session leases its own record under the same id, so one takeover fences both.
/// Drain hands every owned session off (<see cref="ISessionHandOff"/>).
/// </summary>
public sealed class SessionOwnership : ISessionHandOff
{
    private readonly ConcurrentDictionary<string, string> _owned = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;

    public SessionOwnership(IGrainStorage storage, IOptions<SessionOwnershipOptions> options, IGrainFactory grains, BridgeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        Leases = storage as IGrainLeases;
        Options = options.Value;
        Metrics = metrics;
        _grains = grains;
        if (Options.LeaseDuration < TimeSpan.FromSeconds(15) || Options.LeaseDuration > TimeSpan.FromSeconds(60))
        {
            throw new InvalidOperationException($"Bridge:Sessions:LeaseDuration must be 15–60 s (Azure's lease limits), not {Options.LeaseDuration}.");
        }
    }

    /// <summary>The leases of grain storage; null when storage is one silo's own (no ownership needed).</summary>
    public IGrainLeases? Leases { get; }

    /// <summary>The configured lease and takeover timing.</summary>
    public SessionOwnershipOptions Options { get; }

    /// <summary>The instruments ownership reports to.</summary>
    public BridgeMetrics Metrics { get; }

    /// <summary>How many sessions this silo owns now.</summary>
    public int Count => _owned.Count;

    /// <summary>How often a lease is renewed: a third of its duration, so two renewals may fail before it lapses.</summary>
    public TimeSpan RenewInterval => Options.LeaseDuration / 3;

    /// <summary>The lease id this silo holds for <paramref name="sessionId"/>, if it owns it.</summary>
    public bool TryGetLease(string sessionId, out string leaseId) => _owned.TryGetValue(sessionId, out leaseId!);

    /// <inheritdoc />
    public async Task<int> HandOffAllAsync(CancellationToken cancellationToken)
    {
        var handedOff = 0;
        foreach (var sessionId in _owned.Keys.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _grains.GetGrain<ISessionGrain>(sessionId).HandOffAsync();
            handedOff++;
        }

        return handedOff;
    }

    /// <summary>
    /// Takes the lease of a record: acquire; when another owner holds it, break it (after the configured
    /// break period) and acquire again. Returns the final status.
    /// </summary>
    public async Task<LeaseStatus> TakeAsync(string grainType, string key, string leaseId, CancellationToken cancellationToken)
    {
        var leases = Leases ?? throw new InvalidOperationException("Grain storage has no leases.");
        var status = await leases.AcquireLeaseAsync(grainType, key, leaseId, Options.LeaseDuration, cancellationToken);
        if (status != LeaseStatus.HeldByAnother)
        {
            return status;
        }

        var broken = await leases.BreakLeaseAsync(grainType, key, Options.TakeoverBreakPeriod, cancellationToken);
        if (broken != LeaseStatus.Ok)
        {
            return broken;
        }

        if (Options.TakeoverBreakPeriod > TimeSpan.Zero)
        {
            await Task.Delay(Options.TakeoverBreakPeriod, cancellationToken); // the lease stays until its break period ends
        }

        return await leases.AcquireLeaseAsync(grainType, key, leaseId, Options.LeaseDuration, cancellationToken);
    }

    internal void Own(string sessionId, string leaseId) => _owned[sessionId] = leaseId;

    internal void Disown(string sessionId, string leaseId) => _owned.TryRemove(new KeyValuePair<string, string>(sessionId, leaseId));
}
