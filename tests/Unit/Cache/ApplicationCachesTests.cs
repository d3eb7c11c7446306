using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>One cache per spec, shared by the applications that name it; ids that hide the spec.</summary>
public sealed class ApplicationCachesTests : IDisposable
{
    private readonly TestDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void For_TwoApplicationsWithOneSpec_ShareOneHandleWithTheSmallestBudget()
    {
        var shared = "path:" + Path.Combine(_data.Path, "shared");
        var own = "path:" + Path.Combine(_data.Path, "own");
        using var factory = new ContentCacheFactory(Options.Create(new ContentCacheOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        var caches = new ApplicationCaches(new Catalog(App("a", shared, 500), App("b", shared, 300), App("c", own, 0)), factory, TimeProvider.System);

        var a = caches.For("a");
        var b = caches.For("b");
        var c = caches.For("c");

        Assert.Same(a, b);
        Assert.Same(a.Cache, factory.GetCache(shared));
        Assert.Equal(300, a.BudgetBytes);
        Assert.NotSame(a, c);
        Assert.Equal(0, c.BudgetBytes);
        Assert.True(caches.TryGetById(a.Id, out var byId) && ReferenceEquals(a, byId));
        Assert.False(caches.TryGetById("nope", out _));
    }

    [Fact]
    public void IdOf_AzureSpec_StableAndFreeOfTheAccountKey()
    {
        var spec = "azure:AccountName=x;AccountKey=c2VjcmV0;container=c";

        var id = ApplicationCaches.IdOf(spec);

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, ApplicationCaches.IdOf(spec));
        Assert.NotEqual(id, ApplicationCaches.IdOf(spec + "2"));
    }

    [Fact]
    public void Statistics_HitsAndMisses_GiveTheHitRate()
    {
        var statistics = new CacheStatistics();
        Assert.Equal(0, statistics.HitRate);

        statistics.Record(3, 1);

        Assert.Equal((3, 1, 0.75), (statistics.Hits, statistics.Misses, statistics.HitRate));
    }

    private static ApplicationSettings App(string name, string cache, long budget) => new(
        name, "/" + name, cache, "snapshots", true, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), [],
        new ApplicationLimits(10, 10, 1 << 20, 16 << 20, 100, 64 << 20, 1000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45), "Information"),
        budget);

    private sealed class Catalog(params ApplicationSettings[] applications) : IApplicationCatalog
    {
        public IReadOnlyList<ApplicationSettings> Applications => applications;

        public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ApplicationSettings settings)
        {
            settings = applications.FirstOrDefault(a => a.Name == name);
            return settings is not null;
        }

        public OrleansBridge.Admission.ISessionHandler GetSessionHandler(string name) => throw new NotSupportedException();
    }
}
