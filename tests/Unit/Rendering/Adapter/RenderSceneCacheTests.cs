using OrleansBridge.Cache;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using static OrleansBridge.Tests.Rendering.Adapter.AdapterScenes;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>The scene cache: one build per manifest, LRU eviction with the BVHs only evicted scenes used, failures not kept; manifests load back.</summary>
public sealed class RenderSceneCacheTests
{
    private readonly TestBlobs _blobs = new();

    private Func<CancellationToken, Task<AdapterResult>> Counting(Dictionary<string, SceneElement> elements, Action onBuild) => ct =>
    {
        onBuild();
        return NewAdapter().BuildAsync(elements, _blobs.Source, ct);
    };

    private Dictionary<string, SceneElement> Scene(float scale) => new()
    {
        ["quad"] = Quad(_blobs) with { Positions = _blobs.Add(new System.Numerics.Vector3[] { new(-scale, 0, -scale), new(scale, 0, -scale), new(scale, 0, scale), new(-scale, 0, scale) }) },
        ["a"] = new InstanceElement("quad"),
    };

    [Fact]
    public async Task GetOrBuildAsync_SameManifestConcurrently_BuildsOnce()
    {
        var cache = new RenderSceneCache(4);
        var elements = Scene(1);
        var builds = 0;
        var hash = SceneElementsLoader.ManifestHash(elements);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            cache.GetOrBuildAsync(hash, Counting(elements, () => Interlocked.Increment(ref builds)), CancellationToken.None)));

        Assert.Equal(1, builds);
        Assert.All(results, r => Assert.Same(results[0].Scene, r.Scene));
        Assert.Equal(7, results.Count(r => r.FromCache));
    }

    [Fact]
    public async Task GetOrBuildAsync_BeyondCapacity_EvictsLeastRecentlyUsedAndItsBvhs()
    {
        var cache = new RenderSceneCache(2);
        var scenes = new[] { Scene(1), Scene(2), Scene(3) };
        var hashes = scenes.Select(SceneElementsLoader.ManifestHash).ToArray();
        var builds = 0;
        var first = await cache.GetOrBuildAsync(hashes[0], Counting(scenes[0], () => builds++), CancellationToken.None);
        await cache.GetOrBuildAsync(hashes[1], Counting(scenes[1], () => builds++), CancellationToken.None);
        await cache.GetOrBuildAsync(hashes[0], Counting(scenes[0], () => builds++), CancellationToken.None); // Scene 0 is now the most recent.
        await cache.GetOrBuildAsync(hashes[2], Counting(scenes[2], () => builds++), CancellationToken.None);

        Assert.Equal(3, builds);
        Assert.Equal(2, cache.Count);
        Assert.True(cache.Contains(hashes[0]));
        Assert.False(cache.Contains(hashes[1]));
        Assert.Equal(2, cache.Bvhs.Count); // Scene 1's BVH went with it.
        Assert.True(cache.Bvhs.Contains(first.Scene!.Adapted.Description.Meshes[0].Id));
    }

    [Fact]
    public async Task GetOrBuildAsync_FailedBuild_IsNotKept()
    {
        var cache = new RenderSceneCache(2);
        var broken = new Dictionary<string, SceneElement> { ["a"] = new InstanceElement("missing") };
        var hash = SceneElementsLoader.ManifestHash(broken);

        var result = await cache.GetOrBuildAsync(hash, Counting(broken, () => { }), CancellationToken.None);

        Assert.Equal(ErrorCode.SceneDanglingReference, result.Error);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task LoadAsync_StoredManifest_GivesBackTheElements()
    {
        var elements = Scene(1);
        var manifest = SceneManifest.Empty with
        {
            Elements = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                elements.Select(e => KeyValuePair.Create(e.Key, _blobs.Add(SceneCanonical.Serialize(e.Value))))),
        };
        var manifestHash = _blobs.Add(manifest.ToCanonicalBytes());

        var loaded = await SceneElementsLoader.LoadAsync(manifestHash, _blobs.Source, CancellationToken.None);

        Assert.True(loaded.Succeeded, loaded.Message);
        Assert.Equal(manifestHash, SceneElementsLoader.ManifestHash(loaded.Elements!));
        Assert.Equal(elements["a"], loaded.Elements!["a"]);
        var absent = await SceneElementsLoader.LoadAsync(ContentHash.Compute("nothing"u8), _blobs.Source, CancellationToken.None);
        Assert.Equal(ErrorCode.SceneMissingCacheEntry, absent.Error);
    }
}
