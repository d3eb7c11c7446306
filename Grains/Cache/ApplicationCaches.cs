using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using OrleansBridge.Applications;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Cache;

/// <summary>
/// The caches of the configured applications: one <see cref="CacheHandle"/> per cache spec, opened on
/// first use and shared by every application and session that names the spec, so entries, counters
/// and the ledger are the same whichever application a client came through.
/// </summary>
public sealed class ApplicationCaches
{
    private readonly IApplicationCatalog _catalog;
    private readonly IContentCacheFactory _factory;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<CacheHandle>> _bySpec = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _specById = new(StringComparer.Ordinal);

    /// <summary>Indexes the applications' specs; opens nothing yet.</summary>
    public ApplicationCaches(IApplicationCatalog catalog, IContentCacheFactory factory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _factory = factory;
        _time = time;
        foreach (var application in catalog.Applications)
        {
            _specById[IdOf(application.Cache)] = application.Cache;
        }
    }

    /// <summary>The cache of a configured application; throws for an unknown one (a bug: names come from the catalog).</summary>
    public CacheHandle For(string application)
    {
        if (!_catalog.TryGet(application, out var settings))
        {
            throw new InvalidOperationException($"No application named '{application}' is configured.");
        }

        return Open(settings.Cache);
    }

    /// <summary>The cache whose <see cref="CacheHandle.Id"/> this is, if an application names it.</summary>
    public bool TryGetById(string id, [NotNullWhen(true)] out CacheHandle? handle)
    {
        handle = _specById.TryGetValue(id, out var spec) ? Open(spec) : null;
        return handle is not null;
    }

    /// <summary>The id of a spec: 32 hex characters of its SHA-256, so grain keys and logs never carry secrets.</summary>
    public static string IdOf(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec)).AsSpan(0, 16));
    }

    private CacheHandle Open(string spec) =>
        _bySpec.GetOrAdd(spec, s => new Lazy<CacheHandle>(() => new CacheHandle(
            IdOf(s), ContentCacheSpec.Describe(s), _factory.GetCache(s), BudgetOf(s), _time))).Value;

    /// <summary>Applications sharing a spec share the smallest budget any of them sets.</summary>
    private long BudgetOf(string spec)
    {
        var budgets = _catalog.Applications.Where(a => a.Cache == spec && a.CacheBudgetBytes > 0).Select(a => a.CacheBudgetBytes).ToList();
        return budgets.Count == 0 ? 0 : budgets.Min();
    }
}
