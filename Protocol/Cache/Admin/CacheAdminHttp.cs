namespace OrleansBridge.Cache.Admin;

/// <summary>The cache admin surface of a bridge (not of a cache server): paths and parameters.</summary>
public static class CacheAdminHttp
{
    /// <summary>POST: run garbage collection; answers <see cref="CacheGcReport"/>.</summary>
    public const string GcPath = "/admin/cache/gc";

    /// <summary>GET: answers <see cref="CacheStatsReport"/>.</summary>
    public const string StatsPath = "/admin/cache/stats";

    /// <summary>Query parameter: the application, by name or by its WebSocket path; default the default application.</summary>
    public const string ApplicationParameter = "application";

    /// <summary>Query parameter of gc: the minimum age in seconds of an entry to delete; default <c>Bridge:Cache:GcMinimumAge</c>.</summary>
    public const string MinimumAgeParameter = "minAgeSeconds";
}
