using OrleansBridge.Storage.Cache;

namespace OrleansBridge.Tests.Storage;

public sealed class ContentCacheSpecTests
{
    [Theory]
    [InlineData("path:/var/cache", ContentCacheKind.Folder, "/var/cache")]
    [InlineData("address:http://10.1.2.3:5090", ContentCacheKind.Address, "http://10.1.2.3:5090")]
    [InlineData("azure:UseDevelopmentStorage=true;container=cache", ContentCacheKind.Azure, "UseDevelopmentStorage=true;container=cache")]
    public void TryParse_EachBackend(string spec, ContentCacheKind kind, string value)
    {
        Assert.True(ContentCacheSpec.TryParse(spec, out var parsed, out var error), error);
        Assert.Equal(new ContentCacheSpec(kind, value), parsed);
    }

    [Theory]
    [InlineData("cache", "names no cache backend")]
    [InlineData("path:", "needs a folder")]
    [InlineData("address:not a url", "http(s)")]
    [InlineData("address:ftp://host", "http(s)")]
    [InlineData("azure:UseDevelopmentStorage=true", "container")]
    public void TryParse_Invalid_SaysWhy(string spec, string reason)
    {
        Assert.False(ContentCacheSpec.TryParse(spec, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_HidesAzureKeys()
    {
        var described = ContentCacheSpec.Describe("azure:AccountName=a;AccountKey=c2VjcmV0;container=c");

        Assert.Equal("azure:AccountName=a;AccountKey=***;container=c", described);
    }
}
