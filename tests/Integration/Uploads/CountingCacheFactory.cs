using OrleansBridge.Cache;
using OrleansBridge.Tests.Cache;

namespace OrleansBridge.Tests.Uploads;

/// <summary>Hands out the real caches wrapped in a <see cref="CountingCache"/>, to prove that refused requests never reach storage.</summary>
public sealed class CountingCacheFactory(IContentCacheFactory inner, CountingCache.Counter counter) : IContentCacheFactory
{
    public IContentCache GetCache(string spec) => new CountingCache(inner.GetCache(spec), counter);

    public string? Validate(string spec) => inner.Validate(spec);
}
