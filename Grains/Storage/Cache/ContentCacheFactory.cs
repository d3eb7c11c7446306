using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansBridge.Cache;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// Opens caches from specs, one instance per spec for the life of the process (the HTTP backends keep
/// connection pools; the folder backend cleans temporary files once, when opened).
/// </summary>
public sealed class ContentCacheFactory : IContentCacheFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IContentCache>> _caches = new(StringComparer.Ordinal);
    private readonly ContentCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    /// <summary>Creates the factory.</summary>
    public ContentCacheFactory(IOptions<ContentCacheOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _time = time;
        _loggers = loggers;
    }

    /// <inheritdoc />
    public IContentCache GetCache(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _caches.GetOrAdd(spec, s => new Lazy<IContentCache>(() => Create(s))).Value;
    }

    /// <inheritdoc />
    public string? Validate(string spec) => ContentCacheSpec.TryParse(spec, out _, out var error) ? null : error;

    /// <summary>Disposes the caches that hold connections.</summary>
    public void Dispose()
    {
        foreach (var cache in _caches.Values.Where(c => c.IsValueCreated).Select(c => c.Value))
        {
            (cache as IDisposable)?.Dispose();
        }

        _caches.Clear();
    }

    private IContentCache Create(string spec)
    {
        if (!ContentCacheSpec.TryParse(spec, out var parsed, out var error))
        {
            throw new ArgumentException(error, nameof(spec));
        }

        return parsed.Kind switch
        {
            ContentCacheKind.Folder => new FolderContentCache(parsed.Value, _options, _time, _loggers.CreateLogger<FolderContentCache>()),
            ContentCacheKind.Azure => new AzureContentCache(parsed.Value, _options, _loggers.CreateLogger<AzureContentCache>()),
            _ => new HttpContentCache(new Uri(parsed.Value), _options, _time, _loggers.CreateLogger<HttpContentCache>()),
        };
    }
}
