using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBridge.Cache;

namespace OrleansBridge.Storage.Cache;

/// <summary>Registers the content cache factory.</summary>
public static class ContentCacheServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IContentCacheFactory"/>; configure <see cref="ContentCacheOptions"/> beside it.</summary>
    public static IServiceCollection AddContentCaches(this IServiceCollection services)
    {
        services.AddOptions<ContentCacheOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ContentCacheFactory>();
        services.TryAddSingleton<IContentCacheFactory>(sp => sp.GetRequiredService<ContentCacheFactory>());
        return services;
    }
}
