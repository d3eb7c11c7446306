using OrleansBridge.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// What every cache backend must do, run against each of them (folder, Azurite, cache server).
/// Each test gets a fresh, empty cache limited to <see cref="MaxEntryBytes"/>.
/// </summary>
public abstract partial class ContentCacheConformanceTests : IAsyncLifetime
{
    /// <summary>The entry limit of the caches under test.</summary>
    protected const long MaxEntryBytes = 10 << 20;

    /// <summary>Larger than one 4 MiB Azure block: goes up in several Put Block calls.</summary>
    protected const int LargeEntryBytes = 9 << 20;

    private IContentCache? _cache;

    protected IContentCache Cache => _cache ?? throw new InvalidOperationException("The cache is not open.");

    /// <summary>A fresh, empty cache.</summary>
    protected abstract Task<IContentCache> CreateCacheAsync();

    /// <summary>Another instance over the same storage, as a second node would open it.</summary>
    protected abstract Task<IContentCache> OpenSecondInstanceAsync();

    public async Task InitializeAsync() => _cache = await CreateCacheAsync();

    public virtual Task DisposeAsync()
    {
        (_cache as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData(LargeEntryBytes)]
    public async Task Put_NewEntry_ReadsBackTheSameBytes(int size)
    {
        var data = Data(size, seed: 1);
        var hash = ContentHash.Compute(data);

        var put = await Cache.PutAsync(hash, new MemoryStream(data), default);

        Assert.True(put.Status == CachePutStatus.Stored, $"put of {size} bytes: {put}");
        Assert.Equal(data, await ReadAllAsync(Cache, hash));
        var info = await Cache.GetInfoAsync(hash, default);
        Assert.True(info.Succeeded, info.Detail);
        Assert.Equal(size, info.Value.Length);
    }

    [Fact]
    public async Task Put_SameHashTwice_SecondIsAlreadyPresentWithoutReadingContent()
    {
        var data = Data(4096, seed: 2);
        var hash = ContentHash.Compute(data);
        await PutOkAsync(data);

        var unreadable = new UnreadableStream(data);
        var again = await Cache.PutAsync(hash, unreadable, default);

        Assert.True(again.Status == CachePutStatus.AlreadyPresent, again.ToString());
        Assert.Equal(data, await ReadAllAsync(Cache, hash));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(LargeEntryBytes)]
    public async Task Put_WrongHash_IsRefusedAndLeavesNothing(int size)
    {
        var data = Data(size, seed: 3);
        var claimed = ContentHash.Compute(Data(size, seed: 4));

        var put = await Cache.PutAsync(claimed, new MemoryStream(data), default);

        Assert.Equal(CachePutStatus.Failed, put.Status);
        Assert.Equal(ErrorCode.CacheHashMismatch, put.Error);
        Assert.Equal(ErrorCode.CacheEntryNotFound, (await Cache.GetInfoAsync(claimed, default)).Error);
        Assert.Equal(ErrorCode.CacheEntryNotFound, (await Cache.OpenReadAsync(claimed, default)).Error);
        Assert.Empty(await ListAllAsync(Cache, pageSize: 100));
    }

    [Fact]
    public async Task Put_LargerThanLimit_IsRefusedAndLeavesNothing()
    {
        var data = Data((int)MaxEntryBytes + 1, seed: 5);
        var hash = ContentHash.Compute(data);

        var put = await Cache.PutAsync(hash, new MemoryStream(data), default);

        Assert.Equal(ErrorCode.CacheEntryTooLarge, put.Error);
        Assert.Equal(ErrorCode.CacheEntryNotFound, (await Cache.GetInfoAsync(hash, default)).Error);
        Assert.Empty(await ListAllAsync(Cache, pageSize: 100));
    }

    [Fact]
    public async Task Put_ConcurrentWritersOfOneHash_StoreItOnce()
    {
        var data = Data(256 << 10, seed: 6);
        var hash = ContentHash.Compute(data);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Cache.PutAsync(hash, new MemoryStream(data), default))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        Assert.Equal(1, results.Count(r => r.Status == CachePutStatus.Stored));
        var listed = Assert.Single(await ListAllAsync(Cache, pageSize: 100));
        Assert.Equal(hash, listed.Hash);
        Assert.Equal(data, await ReadAllAsync(Cache, hash));
    }

    [Fact]
    public async Task GetInfoAndOpenRead_AbsentEntry_AreNotFound()
    {
        var hash = ContentHash.Compute(Data(10, seed: 7));

        Assert.Equal(ErrorCode.CacheEntryNotFound, (await Cache.GetInfoAsync(hash, default)).Error);
        var read = await Cache.OpenReadAsync(hash, default);
        Assert.Equal(ErrorCode.CacheEntryNotFound, read.Error);
        Assert.Null(read.Value);
    }

    [Fact]
    public async Task FindMissing_ReturnsTheAbsentHashesOnceInOrder()
    {
        var present = await PutOkAsync(Data(100, seed: 8));
        var absentA = ContentHash.Compute(Data(100, seed: 9));
        var absentB = ContentHash.Compute(Data(100, seed: 10));

        var missing = await Cache.FindMissingAsync([absentB, present, absentA, absentB], default);

        Assert.True(missing.Succeeded, missing.Detail);
        Assert.Equal([absentB, absentA], missing.Value);
    }

    [Fact]
    public async Task Delete_StoredEntry_RemovesIt_AndAgainIsNotFound()
    {
        var hash = await PutOkAsync(Data(100, seed: 11));

        Assert.True((await Cache.DeleteAsync(hash, default)).Succeeded);

        Assert.Equal(ErrorCode.CacheEntryNotFound, (await Cache.GetInfoAsync(hash, default)).Error);
        Assert.Equal(ErrorCode.CacheEntryNotFound, (await Cache.DeleteAsync(hash, default)).Error);
    }

    [Fact]
    public async Task List_InPages_GivesEveryEntryOnceWithItsLength()
    {
        var stored = new Dictionary<ContentHash, int>();
        for (var i = 0; i < 7; i++)
        {
            stored[await PutOkAsync(Data(100 + i, seed: 20 + i))] = 100 + i;
        }

        var listed = await ListAllAsync(Cache, pageSize: 3);

        Assert.Equal(stored.Count, listed.Count);
        Assert.All(listed, e => Assert.Equal(stored[e.Hash], e.Length));
        Assert.Equal(stored.Keys.Order(), listed.Select(e => e.Hash).Order());
    }

    [Fact]
    public async Task SecondInstance_SeesWhatTheFirstStored()
    {
        var data = Data(4096, seed: 30);
        var hash = await PutOkAsync(data);

        var second = await OpenSecondInstanceAsync();
        try
        {
            Assert.Equal(data, await ReadAllAsync(second, hash));
            Assert.Equal(CachePutStatus.AlreadyPresent, (await second.PutAsync(hash, new MemoryStream(data), default)).Status);
        }
        finally
        {
            (second as IDisposable)?.Dispose();
        }
    }
}
