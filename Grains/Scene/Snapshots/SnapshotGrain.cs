using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Logging;
using OrleansBridge.Scene.Snapshots;
using OrleansBridge.Storage;

namespace OrleansBridge.Scene;

/// <summary>
/// The snapshots of one application and tenant (docs/protocol.md §6.6). The catalog is persisted; each
/// snapshot's manifest, elements and bulk data stay pinned in the cache ledger (a durable owner) until
/// the snapshot is removed. Saves run one turn at a time, so the policy's count is exact.
/// </summary>
internal sealed partial class SnapshotGrain : Grain, ISnapshotGrain
{
    private readonly IApplicationCatalog _catalog;
    private readonly ApplicationCaches _caches;
    private readonly ISnapshotPolicy _policy;
    private readonly TimeProvider _time;
    private readonly IGrainFactory _grains;
    private readonly ILogger<SnapshotGrain> _logger;
    private readonly IPersistentState<SnapshotCatalogRecord> _record;
    private CacheHandle? _cache;

    /// <summary>The grain's key.</summary>
    private string Key => this.GetPrimaryKeyString();

    public SnapshotGrain(IApplicationCatalog catalog, ApplicationCaches caches, ISnapshotPolicy policy,
        [PersistentState("snapshots", GrainStorageSetup.ProviderName)] IPersistentState<SnapshotCatalogRecord> record,
        IGrainFactory grains, TimeProvider time, ILogger<SnapshotGrain> logger)
    {
        _grains = grains;
        _catalog = catalog;
        _caches = caches;
        _policy = policy;
        _time = time;
        _logger = logger;
        _record = record;
    }

    private string Application => SnapshotKeys.Parse(Key).Application;

    private string Tenant => SnapshotKeys.Parse(Key).Tenant;

    private Dictionary<string, SnapshotInfo> Snapshots => _record.Stored()?.Snapshots ?? [];

    private CacheHandle Cache => _cache ?? throw new InvalidOperationException("The snapshot grain is not activated.");

    private ICacheLedgerGrain Ledger => _grains.GetGrain<ICacheLedgerGrain>(Cache.Id);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!_catalog.TryGet(Application, out var settings))
        {
            throw new InvalidOperationException($"No application named '{Application}' is configured.");
        }

        _cache = _caches.For(settings.Name); // the record was read by Orleans before this
        return Task.CompletedTask;
    }

    public async Task<SceneOutcome<SnapshotInfo>> SaveAsync(string sessionId, string? name, bool incremental)
    {
        var (error, message) = _policy.CanSave(Application, Tenant, Snapshots.Count);
        if (error != ErrorCode.None)
        {
            return SceneOutcome.Fail<SnapshotInfo>(error, message);
        }

        var created = _time.GetUtcNow();
        name ??= $"snapshot-{created:yyyyMMdd-HHmmss-fff}";
        if (Snapshots.ContainsKey(name))
        {
            return SceneOutcome.Fail<SnapshotInfo>(ErrorCode.SnapshotExists, $"A snapshot named '{name}' already exists; remove it or choose another name.");
        }

        var parent = incremental
            ? Snapshots.Values.Where(s => s.Session == sessionId).OrderBy(s => s.Created).LastOrDefault()
            : null;
        if (incremental && parent is null)
        {
            return SceneOutcome.Fail<SnapshotInfo>(ErrorCode.SnapshotNoParent, "This session has saved no snapshot yet; save a full one first.");
        }

        var owner = PinOwner.Snapshot(Application, $"{Tenant}/{name}", Tenant);
        var scene = _grains.GetGrain<ISceneGrain>(SceneKeys.For(sessionId, Application));
        var pinned = await scene.PinHeadAsync(owner);
        if (pinned.Value is not { } head)
        {
            return SceneOutcome.Fail<SnapshotInfo>(pinned.Error, pinned.Message);
        }

        var parentElements = parent is null ? [] : await ElementHashesAsync(parent.Manifest);
        var bulkBytes = 0L;
        foreach (var hash in head.Bulk)
        {
            var info = await Cache.Cache.GetInfoAsync(hash, CancellationToken.None);
            bulkBytes += info.Succeeded ? info.Value!.Length : 0;
        }

        var size = head.ManifestBytes + head.ElementBytes.Values.Sum() + bulkBytes;
        var stored = head.ManifestBytes + head.ElementBytes.Where(e => !parentElements.Contains(e.Key)).Sum(e => e.Value);
        var snapshot = new SnapshotInfo(name, head.Manifest, parent?.Name, size, stored, head.Elements.Count, created, Tenant, sessionId);
        var next = new Dictionary<string, SnapshotInfo>(Snapshots, StringComparer.Ordinal) { [name] = snapshot };
        _record.State = new SnapshotCatalogRecord(next);
        try
        {
            await _record.WriteStateAsync();
        }
        catch
        {
            await Ledger.ReleaseAsync(owner.Id); // nothing refers to the pins of a snapshot that was not recorded
            throw;
        }

        LogSaved(Application, Tenant, name, head.Manifest, stored);
        return SceneOutcome.Ok(snapshot);
    }

    public Task<IReadOnlyList<SnapshotInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<SnapshotInfo>>([.. Snapshots.Values.OrderBy(s => s.Created).ThenBy(s => s.Name, StringComparer.Ordinal)]);

    public Task<SceneOutcome<SnapshotInfo>> GetAsync(string name) =>
        Task.FromResult(Snapshots.TryGetValue(name, out var snapshot) ? SceneOutcome.Ok(snapshot) : NotFound(name));

    public async Task<SceneOutcome<SnapshotInfo>> RemoveAsync(string name)
    {
        if (!Snapshots.TryGetValue(name, out var snapshot))
        {
            return NotFound(name);
        }

        var next = new Dictionary<string, SnapshotInfo>(Snapshots, StringComparer.Ordinal);
        next.Remove(name);
        _record.State = new SnapshotCatalogRecord(next);
        await _record.WriteStateAsync();

        // Released after the catalog forgets it: a crash in between leaves pins to release, never a snapshot without its data.
        await Ledger.ReleaseAsync(PinOwner.Snapshot(Application, $"{Tenant}/{name}", Tenant).Id);
        LogRemoved(Application, Tenant, name);
        return SceneOutcome.Ok(snapshot);
    }

    private static SceneOutcome<SnapshotInfo> NotFound(string name) =>
        SceneOutcome.Fail<SnapshotInfo>(ErrorCode.SnapshotNotFound, $"No snapshot named '{name}'; snapshot.list shows those that exist.");

    /// <summary>The element hashes of a snapshot's manifest (pinned by that snapshot, so still stored).</summary>
    private async Task<HashSet<ContentHash>> ElementHashesAsync(ContentHash manifest)
    {
        var opened = await Cache.OpenReadAsync(manifest, CancellationToken.None);
        if (!opened.Succeeded)
        {
            return [];
        }

        await using var stream = opened.Value!;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return SceneManifest.TryParse(buffer.ToArray(), out var parsed) == ErrorCode.None ? [.. parsed.Elements.Values] : [];
    }

    [LoggerMessage(EventId = LogEvents.SnapshotSaved, Level = LogLevel.Information, Message = "Snapshot {Name} of {Application}/{Tenant} saved: manifest {Manifest}, {StoredBytes} bytes stored")]
    private partial void LogSaved(string application, string tenant, string name, ContentHash manifest, long storedBytes);

    [LoggerMessage(EventId = LogEvents.SnapshotRemoved, Level = LogLevel.Information, Message = "Snapshot {Name} of {Application}/{Tenant} removed")]
    private partial void LogRemoved(string application, string tenant, string name);
}
