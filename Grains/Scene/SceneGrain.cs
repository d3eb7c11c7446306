using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Placement;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Storage;

namespace OrleansBridge.Scene;

/// <summary>
/// A session's scene: the committed head and the open transactions (docs/scene.md). Committed
/// elements and manifests live in the application's cache under their hashes; the grain keeps the
/// head's elements in memory to validate commits, and pins in the cache's ledger everything the head
/// references, until the session closes. Commit logic is in <c>SceneGrain.Commit.cs</c>.
/// </summary>
[PreferLocalPlacement] // beside the session that uses it, which is beside its client's gateway
internal sealed partial class SceneGrain : Grain, ISceneGrain
{
    /// <summary>Open transactions per session: a bound, because each holds its changes in memory.</summary>
    private const int MaxOpenTransactions = 64;

    /// <summary>Elements per scene and per transaction: a bound on the memory a client can claim.</summary>
    private const int MaxElements = 1_000_000;

    /// <summary>Grain references, usable from any thread (Orleans' <c>Grain.GrainFactory</c> is the activation's own).</summary>
    private readonly IGrainFactory _grains;
    private readonly IApplicationCatalog _catalog;
    private readonly ApplicationCaches _caches;
    private readonly SceneLifecycle _lifecycle;
    private readonly ILogger<SceneGrain> _logger;
    private readonly IPersistentState<SceneRecord> _record;
    private readonly Dictionary<ContentHash, SceneElement> _elements = [];
    private readonly Dictionary<string, SceneChanges> _transactions = new(StringComparer.Ordinal);
    private CacheHandle? _cache;
    private SceneManifest _head = SceneManifest.Empty;
    private ContentHash _headHash = SceneManifest.Empty.ComputeHash();
    private int _nextTransaction;
    private readonly string _epoch = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));

    /// <summary>The grain's key.</summary>
    private string Key => this.GetPrimaryKeyString();

    public SceneGrain(IApplicationCatalog catalog, ApplicationCaches caches, SceneLifecycle lifecycle,
        [PersistentState("scene", GrainStorageSetup.ProviderName)] IPersistentState<SceneRecord> record,
        IGrainFactory grains, ILogger<SceneGrain> logger)
    {
        _grains = grains;
        _catalog = catalog;
        _caches = caches;
        _lifecycle = lifecycle;
        _logger = logger;
        _record = record;
    }

    private string SessionId => SceneKeys.Parse(Key).SessionId;

    private long Version => _record.Stored()?.Version ?? 0;

    private IContentCache Cache => (_cache ?? throw new InvalidOperationException("The scene is not activated.")).Cache;

    /// <summary>The cache's pin set, where the head's entries are pinned for the session's life.</summary>
    private ICacheLedgerGrain Ledger => _grains.GetGrain<ICacheLedgerGrain>(
        (_cache ?? throw new InvalidOperationException("The scene is not activated.")).Id);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (_, application) = SceneKeys.Parse(Key);
        if (!_catalog.TryGet(application, out var settings))
        {
            throw new InvalidOperationException($"No application named '{application}' is configured.");
        }

        _cache = _caches.For(settings.Name);
        if (_record.Stored() is { Version: > 0 } record) // read by Orleans before this, or carried by a move
        {
            await LoadHeadAsync(record.Manifest, cancellationToken);
        }
    }

    public Task<SceneHeadResult> GetHeadAsync() => Task.FromResult(Head());

    public Task<SceneOutcome<BeginResult>> BeginAsync()
    {
        if (_transactions.Count >= MaxOpenTransactions)
        {
            return Task.FromResult(SceneOutcome.Fail<BeginResult>(ErrorCode.InvalidArgument,
                $"A session may hold at most {MaxOpenTransactions} open transactions; commit or abort one first."));
        }

        // Unique across activations: after a move, a replayed request naming a transaction of the old
        // owner must find nothing rather than a new transaction that happens to have the same number.
        var id = $"t{_epoch}-{++_nextTransaction}";
        _transactions[id] = new SceneChanges(_head);
        DelayDeactivation(Timeout.InfiniteTimeSpan); // Open transactions live only in memory.
        return Task.FromResult(SceneOutcome.Ok(new BeginResult(id, _headHash, Version)));
    }

    public Task<SceneOutcome<ChangeResult>> PutAsync(string transaction, IReadOnlyDictionary<string, SceneElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return Task.FromResult(Change(transaction, elements.Count, changes =>
        {
            foreach (var (name, element) in elements)
            {
                changes.Put(name, element);
            }
        }));
    }

    public Task<SceneOutcome<ChangeResult>> RemoveAsync(string transaction, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return Task.FromResult(Change(transaction, names.Count, changes =>
        {
            foreach (var name in names)
            {
                changes.Remove(name);
            }
        }));
    }

    public Task<SceneOutcome<ChangeResult>> AbortAsync(string transaction)
    {
        if (!_transactions.Remove(transaction, out var changes))
        {
            return Task.FromResult(UnknownTransaction<ChangeResult>(transaction));
        }

        _lifecycle.Publish(new SceneEvent(SessionId, transaction, Committed: false, _headHash, Version));
        ReleaseIfIdle();
        return Task.FromResult(SceneOutcome.Ok(new ChangeResult(transaction, changes.Changes.Count)));
    }

    public Task<IReadOnlyDictionary<string, SceneElement>> GetElementsAsync(IReadOnlyList<string>? names)
    {
        var selected = (names ?? (IEnumerable<string>)_head.Elements.Keys)
            .Where(_head.Elements.ContainsKey)
            .ToDictionary(name => name, name => _elements[_head.Elements[name]], StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyDictionary<string, SceneElement>>(selected);
    }

    public async Task CloseAsync()
    {
        foreach (var transaction in _transactions.Keys.ToList())
        {
            await AbortAsync(transaction);
        }

        if (_record.RecordExists)
        {
            await _record.ClearStateAsync();
        }

        await Ledger.ReleaseAsync(PinOwner.Scene(SessionId).Id);
        DeactivateOnIdle();
    }

    private SceneHeadResult Head() => new(_headHash, Version, _head.Elements.Count);

    private SceneOutcome<ChangeResult> Change(string transaction, int adding, Action<SceneChanges> apply)
    {
        if (!_transactions.TryGetValue(transaction, out var changes))
        {
            return UnknownTransaction<ChangeResult>(transaction);
        }

        if (changes.Changes.Count + adding > MaxElements)
        {
            return SceneOutcome.Fail<ChangeResult>(ErrorCode.InvalidArgument, $"A transaction changes at most {MaxElements} elements.");
        }

        apply(changes);
        return SceneOutcome.Ok(new ChangeResult(transaction, changes.Changes.Count));
    }

    private static SceneOutcome<T> UnknownTransaction<T>(string transaction)
        where T : class =>
        SceneOutcome.Fail<T>(ErrorCode.InvalidArgument, $"No open transaction '{transaction}' (it was committed, aborted, or never begun).");

    private void ReleaseIfIdle()
    {
        if (_transactions.Count == 0)
        {
            DelayDeactivation(TimeSpan.Zero);
        }
    }
}
