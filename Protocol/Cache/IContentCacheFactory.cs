namespace OrleansBridge.Cache;

/// <summary>Opens the cache an application's cache spec names.</summary>
public interface IContentCacheFactory
{
    /// <summary>
    /// The cache for <paramref name="spec"/>: <c>path:&lt;dir&gt;</c>, <c>azure:&lt;connection string&gt;;container=&lt;name&gt;</c>
    /// or <c>address:&lt;http://host:port&gt;</c>. One instance per spec, shared by its callers and owned by
    /// the factory. Throws <see cref="ArgumentException"/> for a spec that does not parse (a misconfiguration;
    /// validate specs at start with <see cref="Validate"/>).
    /// </summary>
    IContentCache GetCache(string spec);

    /// <summary>Null when <paramref name="spec"/> is usable; otherwise what is wrong with it, without its secrets.</summary>
    string? Validate(string spec);
}
