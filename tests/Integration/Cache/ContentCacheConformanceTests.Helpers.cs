using OrleansBridge.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>Data and assertions the conformance tests share with the backend-specific ones.</summary>
public abstract partial class ContentCacheConformanceTests
{
    /// <summary>Deterministic pseudo-random bytes.</summary>
    public static byte[] Data(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Reads an entry whole, asserting it opens and its length is right.</summary>
    public static async Task<byte[]> ReadAllAsync(IContentCache cache, ContentHash hash)
    {
        var opened = await cache.OpenReadAsync(hash, default);
        Assert.True(opened.Succeeded, $"open {hash}: {opened.Error} {opened.Detail}");
        await using var stream = opened.Value;
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(stream.Length, copy.Length);
        return copy.ToArray();
    }

    /// <summary>Every entry, page by page.</summary>
    public static async Task<List<CacheEntryInfo>> ListAllAsync(IContentCache cache, int pageSize)
    {
        var all = new List<CacheEntryInfo>();
        string? continuation = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await cache.ListAsync(continuation, pageSize, default);
            Assert.True(page.Succeeded, $"list: {page.Error} {page.Detail}");
            Assert.True(page.Value.Entries.Count <= pageSize, $"a page of {page.Value.Entries.Count} entries for a page size of {pageSize}");
            all.AddRange(page.Value.Entries);
            continuation = page.Value.Continuation;
            if (continuation is null)
            {
                return all;
            }
        }

        throw new InvalidOperationException("The listing never ended.");
    }

    /// <summary>Stores data that must be accepted; returns its hash.</summary>
    protected async Task<ContentHash> PutOkAsync(byte[] data)
    {
        var hash = ContentHash.Compute(data);
        var put = await Cache.PutAsync(hash, new MemoryStream(data), default);
        Assert.True(put.Succeeded, $"put of {data.Length} bytes: {put}");
        return hash;
    }

    /// <summary>A content stream (of a known length) that fails the test if anyone reads it.</summary>
    protected sealed class UnreadableStream(byte[] content) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The content of an entry already present was read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The content of an entry already present was read.");
    }
}
