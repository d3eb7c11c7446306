using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Browser;

/// <summary>The gateway serves the viewer and the JavaScript client itself: types, validators, policy, nothing external.</summary>
public sealed class ViewerAssetsTests
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/viewer/bridge-client.js", "text/javascript")]
    [InlineData("/viewer/bridge-session.js", "text/javascript")]
    [InlineData("/viewer/viewer.js", "text/javascript")]
    [InlineData("/viewer/viewer.css", "text/css")]
    public async Task Asset_Get_ServedWithTypeETagAndRevalidation(string path, string mediaType)
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoCache, "assets are revalidated on every load");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var etag = response.Headers.ETag ?? throw new Xunit.Sdk.XunitException("no ETag");
        Assert.False(etag.IsWeak);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        using var revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Page_Get_PolicyAllowsOnlyItsOwnOriginAndNoExternalReferences()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using var response = await http.GetAsync("/");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());

        foreach (var asset in Gateway.Viewer.ViewerAssets.ByPath.Values)
        {
            var text = System.Text.Encoding.UTF8.GetString(asset.Content.Span);
            Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//", text); // Every asset comes from the gateway.
            Assert.DoesNotContain("import('http", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Applications_Get_ListsNamesPathsAndOpenOnly()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using var response = await http.GetAsync("/viewer/applications.json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var application = Assert.Single(json.RootElement.GetProperty("applications").EnumerateArray());
        Assert.Equal("bridge", application.GetProperty("name").GetString());
        Assert.Equal("/bridge", application.GetProperty("path").GetString());
        Assert.True(application.GetProperty("open").GetBoolean());
        Assert.Equal(3, application.EnumerateObject().Count()); // No session counts, no tenants.
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/viewer/bridge-client.js")]
    public async Task WebSocketUpgrade_ToAViewerPath_Http404WithApplicationNotFound(string path)
    {
        await using var server = await BridgeTestServer.StartAsync();

        var ex = await Assert.ThrowsAsync<Client.BridgeRejectedException>(() => Client.BridgeClient.ConnectAsync(new Uri(server.BaseUri, path), BridgeTestServer.Token));

        Assert.Equal(Protocol.ErrorCode.ApplicationNotFound, ex.Code);
    }

    [Fact]
    public async Task UnknownViewerPath_Get_NotFound()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using var response = await http.GetAsync("/viewer/nothing-here.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// Sent as raw bytes over a socket: <see cref="Uri"/> (and so HttpClient) would remove the dot
    /// segments before the request left the client, and the server would never see them.
    /// </summary>
    [Theory]
    [InlineData("/viewer/../appsettings.json")]
    [InlineData("/viewer/../../appsettings.json")]
    [InlineData("/viewer/%2e%2e/appsettings.json")]
    [InlineData("/viewer/..%2fappsettings.json")]
    [InlineData("/viewer/..%5cappsettings.json")]
    [InlineData("/viewer/....//appsettings.json")]
    public async Task TraversalPath_RawRequest_NotFoundAndNoFileContent(string rawPath)
    {
        await using var server = await BridgeTestServer.StartAsync();
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")), "the file a traversal would reach is there");

        var (status, body) = await RawGetAsync(server.Port, rawPath);

        Assert.True(status == 404, $"{rawPath}: HTTP {status}: {body}");
        Assert.DoesNotContain("\"Bridge\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Logging\"", body, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string Body)> RawGetAsync(int port, string rawPath)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        await using var stream = tcp.GetStream();
        var request = $"GET {rawPath} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), timeout.Token);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var response = await reader.ReadToEndAsync(timeout.Token);
        var statusLine = response[..response.IndexOf('\r', StringComparison.Ordinal)];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
