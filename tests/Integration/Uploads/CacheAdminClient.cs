using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansBridge.Cache.Admin;
using OrleansBridge.Cache.Http;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>
/// Calls a test server's cache admin endpoints over real HTTP, by default as an operator (the admin
/// token); a tenant's token, no token (null) or a browser Origin can be given instead.
/// </summary>
public sealed class CacheAdminClient(BridgeTestServer server, string? token = BridgeTestServer.AdminToken, string? origin = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

    public async Task<CacheGcReport> GcAsync(TimeSpan? minimumAge = null)
    {
        using var response = await SendAsync(HttpMethod.Post, CacheAdminHttp.GcPath + (minimumAge is { } age ? $"?minAgeSeconds={age.TotalSeconds}" : string.Empty));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(CacheJson.Default.CacheGcReport))!;
    }

    public async Task<CacheStatsReport> StatsAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, CacheAdminHttp.StatsPath);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(CacheJson.Default.CacheStatsReport))!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
