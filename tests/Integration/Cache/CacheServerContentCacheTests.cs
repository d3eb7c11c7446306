using System.Net;
using System.Net.Http.Headers;
using OrleansBridge.Cache;
using OrleansBridge.Cache.Http;

namespace OrleansBridge.Tests.Cache;

/// <summary>
/// The conformance suite on the <c>address:</c> backend, talking to the cache server role on Kestrel
/// (backed by a folder); and the server's own edge: tokens and key validation before any storage call.
/// </summary>
public sealed class CacheServerContentCacheTests : ContentCacheConformanceTests
{
    private readonly CountingCache.Counter _calls = new();
    private CacheServerHost? _server;

    private CacheServerHost Server => _server ?? throw new InvalidOperationException("The server has not started.");

    protected override async Task<IContentCache> CreateCacheAsync()
    {
        _server = await CacheServerHost.StartAsync(MaxEntryBytes, cache => new CountingCache(cache, _calls));
        return Server.Client(MaxEntryBytes);
    }

    protected override Task<IContentCache> OpenSecondInstanceAsync() => Task.FromResult<IContentCache>(Server.Client(MaxEntryBytes));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("GET", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")] // 63 characters
    [InlineData("GET", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")] // 65
    [InlineData("HEAD", "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")] // uppercase
    [InlineData("PUT", "..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("PUT", "..%5C..%5C0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("DELETE", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData("GET", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/x")]
    public async Task InvalidKey_IsRefusedWith400BeforeAnyStorageCall(string method, string key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Server.Address, $"cache/{key}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CacheServerHost.Token);
        if (method == "PUT")
        {
            request.Content = new ByteArrayContent([1, 2, 3]);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(((int)ErrorCode.CacheKeyInvalid).ToString(), response.Headers.GetValues(CacheHttp.ErrorHeader).Single());
        Assert.Equal(0, _calls.Count);
    }

    [Theory]
    [InlineData(null, ErrorCode.TokenMissing)]
    [InlineData("not-the-token-of-this-server", ErrorCode.TokenInvalid)]
    public async Task MissingOrWrongToken_IsRefusedWith401BeforeAnyStorageCall(string? token, ErrorCode expected)
    {
        using var client = Server.Client(MaxEntryBytes, token);
        var data = Data(100, seed: 50);

        var put = await client.PutAsync(ContentHash.Compute(data), new MemoryStream(data), default);
        var info = await client.GetInfoAsync(ContentHash.Compute(data), default);

        Assert.Equal(ErrorCode.CacheStorageError, put.Error);
        Assert.Contains("token", put.Detail, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.CacheStorageError, info.Error);
        Assert.Equal(0, _calls.Count);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.Address, "cache"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(((int)expected).ToString(), response.Headers.GetValues(CacheHttp.ErrorHeader).Single());
    }

    [Fact]
    public async Task Put_WrongHash_IsAnswered422WithTheMismatchCode()
    {
        using var http = new HttpClient();
        var claimed = ContentHash.Compute(Data(10, seed: 51));
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Server.Address, CacheHttp.EntryPath(claimed).TrimStart('/')))
        {
            Content = new ByteArrayContent(Data(10, seed: 52)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CacheServerHost.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableContent, response.StatusCode);
        Assert.Equal(((int)ErrorCode.CacheHashMismatch).ToString(), response.Headers.GetValues(CacheHttp.ErrorHeader).Single());
    }
}
