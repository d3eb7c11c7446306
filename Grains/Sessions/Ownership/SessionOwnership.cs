using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansBridge.Diagnostics;
using OrleansBridge.Storage;

namespace OrleansBridge.Sessions.Ownership;

/// <summary>
/// The sessions this silo serves when grain storage is shared by the silos of a cluster
/// (<see cref="GrainStorageSetup.Shared"/>). Orleans' grain directory gives each session one activation in
/// the cluster; the ETag on every write of its record fences a second one (two clusters on one store).
/// Drain hands every session served here off (<see cref="ISessionHandOff"/>).
/// </summary>
public sealed class SessionOwnership : ISessionHandOff
{
    private readonly ConcurrentDictionary<string, byte> _served = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;

    public SessionOwnership(GrainStorageSetup storage, IGrainFactory grains, BridgeMetrics metrics, IOptions<SessionOwnershipOptions> options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        Shared = storage.Shared;
        UnstoredAnswerWindow = options.Value.UnstoredAnswerWindow;
        Metrics = metrics;
        _grains = grains;
    }

    /// <summary>True when silos share grain storage: sessions store their channel and may move between silos.</summary>
    public bool Shared { get; }

    /// <summary>See <see cref="SessionOwnershipOptions.UnstoredAnswerWindow"/>.</summary>
    public TimeSpan UnstoredAnswerWindow { get; }

    /// <summary>The instruments ownership reports to.</summary>
    public BridgeMetrics Metrics { get; }

    /// <summary>How many sessions this silo serves now.</summary>
    public int Count => _served.Count;

    /// <summary>True when this silo serves <paramref name="sessionId"/> now.</summary>
    public bool Serves(string sessionId) => _served.ContainsKey(sessionId);

    /// <inheritdoc />
    public async Task<int> HandOffAllAsync(CancellationToken cancellationToken)
    {
        var handedOff = 0;
        foreach (var sessionId in _served.Keys.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _grains.GetGrain<ISessionGrain>(sessionId).HandOffAsync();
            handedOff++;
        }

        return handedOff;
    }

    internal void Serve(string sessionId) => _served[sessionId] = 0;

    internal void Release(string sessionId) => _served.TryRemove(sessionId, out _);
}
