using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Azure;
using OrleansBridge.Storage.Cache;
using OrleansBridge.Tests.Azurite;

namespace OrleansBridge.Tests.Cache;

/// <summary>The conformance suite on the <c>azure:</c> backend against a real Azurite; a container per test.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteContentCacheTests : ContentCacheConformanceTests
{
    private readonly string _location;

    public AzuriteContentCacheTests(AzuriteFixture azurite) => _location = azurite.NewLocation();

    internal static ContentCacheOptions Options => new()
    {
        MaxEntryBytes = MaxEntryBytes,
        Http = { RetryAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(30) },
    };

    protected override Task<IContentCache> CreateCacheAsync() => Task.FromResult(Open());

    protected override Task<IContentCache> OpenSecondInstanceAsync() => Task.FromResult(Open());

    [Fact]
    public async Task List_OfAContainerNeverWritten_IsEmpty()
    {
        var page = await Cache.ListAsync(null, 10, default);

        Assert.True(page.Succeeded, page.Detail);
        Assert.Empty(page.Value.Entries);
        Assert.Null(page.Value.Continuation);
    }

    [Fact]
    public async Task WrongAccountKey_IsAStorageError_SayingWhatToCheck()
    {
        using var cache = new AzureContentCache(
            _location.Replace(AzureBlobLocation.DevelopmentAccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal), Options, NullLogger<AzureContentCache>.Instance);
        var data = Data(1024, seed: 70);

        var put = await cache.PutAsync(ContentHash.Compute(data), new MemoryStream(data), default);

        Assert.Equal(ErrorCode.CacheStorageError, put.Error);
        Assert.Contains("check AccountName and AccountKey", put.Detail, StringComparison.Ordinal);
    }

    private IContentCache Open() => new AzureContentCache(_location, Options, NullLogger<AzureContentCache>.Instance);
}
