using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// The <c>azure:</c> backend when the storage goes away: an Azurite of its own per test, stopped
/// mid-test. Calls answer <see cref="ErrorCode.CacheUnavailable"/> naming the storage; after a restart,
/// uploads succeed again and what was stored before is intact.
/// </summary>
public sealed class AzuriteOutageTests : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    private AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task AzuriteStopped_GivesClearErrors_AndAfterRestartUploadsSucceedWithNothingCorrupted()
    {
        using var cache = Open();
        var small = ContentCacheConformanceTests.Data(4096, seed: 60);
        var large = ContentCacheConformanceTests.Data(9 << 20, seed: 61);
        var later = ContentCacheConformanceTests.Data(4096, seed: 62);
        Assert.True((await cache.PutAsync(ContentHash.Compute(small), new MemoryStream(small), default)).Succeeded);
        Assert.True((await cache.PutAsync(ContentHash.Compute(large), new MemoryStream(large), default)).Succeeded);

        await Azurite.StopAsync();

        var put = await cache.PutAsync(ContentHash.Compute(later), new MemoryStream(later), default);
        Assert.Equal(ErrorCode.CacheUnavailable, put.Error);
        Assert.Contains($"127.0.0.1:{Azurite.Port}", put.Detail, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.CacheUnavailable, (await cache.GetInfoAsync(ContentHash.Compute(small), default)).Error);
        Assert.Equal(ErrorCode.CacheUnavailable, (await cache.OpenReadAsync(ContentHash.Compute(small), default)).Error);
        Assert.Equal(ErrorCode.CacheUnavailable, (await cache.FindMissingAsync([ContentHash.Compute(later)], default)).Error);
        Assert.Equal(ErrorCode.CacheUnavailable, (await cache.ListAsync(null, 10, default)).Error);

        await Azurite.RestartAsync();

        Assert.Equal(CachePutStatus.Stored, (await cache.PutAsync(ContentHash.Compute(later), new MemoryStream(later), default)).Status);
        await AssertIntactAsync(cache, small, large, later);
    }

    [Fact]
    public async Task AzuriteStoppedDuringABlockUpload_LeavesNoEntry_AndTheUploadCanBeRepeated()
    {
        using var cache = Open();
        var data = ContentCacheConformanceTests.Data(9 << 20, seed: 63);
        var hash = ContentHash.Compute(data);
        var gated = new GatedStream(data, gateAt: ContentCacheOptions.MinAzureBlockBytes);

        var upload = cache.PutAsync(hash, gated, default);
        await gated.Reached; // The first block is staged; the second is being read.
        await Azurite.StopAsync();
        gated.Release();
        var put = await upload;

        Assert.Equal(ErrorCode.CacheUnavailable, put.Error);
        await Azurite.RestartAsync();
        Assert.Equal(ErrorCode.CacheEntryNotFound, (await cache.GetInfoAsync(hash, default)).Error);
        Assert.Empty(await ContentCacheConformanceTests.ListAllAsync(cache, pageSize: 10));
        Assert.Equal(CachePutStatus.Stored, (await cache.PutAsync(hash, new MemoryStream(data), default)).Status);
        await AssertIntactAsync(cache, data);
    }

    private static async Task AssertIntactAsync(IContentCache cache, params byte[][] entries)
    {
        foreach (var entry in entries)
        {
            var read = await ContentCacheConformanceTests.ReadAllAsync(cache, ContentHash.Compute(entry));
            Assert.Equal(ContentHash.Compute(entry), ContentHash.Compute(read));
        }

        Assert.Equal(entries.Length, (await ContentCacheConformanceTests.ListAllAsync(cache, pageSize: 10)).Count);
    }

    private AzureContentCache Open() =>
        new(Azurite.BlobLocation("outage"), AzuriteContentCacheTests.Options, NullLogger<AzureContentCache>.Instance);

    /// <summary>Gives its content up to a point, then waits for the test before giving the rest.</summary>
    private sealed class GatedStream(byte[] content, int gateAt) : MemoryStream(content, writable: false)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= gateAt)
            {
                _reached.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            var limit = Position < gateAt ? (int)Math.Min(buffer.Length, gateAt - Position) : buffer.Length;
            return await base.ReadAsync(buffer[..limit], cancellationToken);
        }
    }
}
