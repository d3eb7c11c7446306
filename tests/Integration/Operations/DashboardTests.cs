using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansBridge.Client;
using OrleansBridge.Silo.Configuration;
using OrleansBridge.Silo.Operations;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Operations;

/// <summary>Orleans' dashboard (<c>Bridge:Dashboard</c>) on the real server: operators only, and it sees the product's grains.</summary>
public sealed class DashboardTests
{
    private static readonly Dictionary<string, string?> Enabled = new() { ["Bridge:Dashboard:Enabled"] = "true" };

    [Fact]
    public async Task Enabled_WithoutAnAdminToken_EveryPathIs401_WithAnAdminToken_ItShowsTheSessionGrainOfALiveSession()
    {
        await using var server = await BridgeTestServer.StartAsync(Enabled);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        foreach (var path in new[] { "/dashboard/", "/dashboard/DashboardCounters", "/dashboard/GrainTypes" })
        {
            using var anonymous = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme); // a browser asks for the token
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BridgeTestServer.Token); // a client token is not an admin token
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }

        using (var page = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            page.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + BridgeTestServer.AdminToken)));
            using var response = await http.SendAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await session.RequestAsync("echo", JsonSerializer.SerializeToElement(new { n = 1 }));

        // The dashboard samples its counters once a second: read until the session's grain is listed.
        var types = new List<string>();
        var silos = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!types.Contains("OrleansBridge.Sessions.SessionGrain"))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            using var counters = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters");
            counters.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BridgeTestServer.AdminToken);
            using var response = await http.SendAsync(counters, deadline.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
            types = [.. json.RootElement.GetProperty("simpleGrainStats").EnumerateArray().Select(g => g.GetProperty("grainType").GetString()!)];
            silos = json.RootElement.GetProperty("totalActiveHostCount").GetInt32();
        }

        Assert.Equal(1, silos);
        Assert.Contains("OrleansBridge.Applications.ApplicationGrain", types);
    }

    [Fact]
    public async Task Disabled_ByDefault_TheDashboardIsNotServed()
    {
        await using var server = await BridgeTestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BridgeTestServer.AdminToken);

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public void Enabled_WithNoAdminTokenConfigured_IsAConfigurationError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Enabled).Build();

        var error = Assert.Throws<BridgeConfigurationException>(() => ClusterDashboard.Enabled(configuration));

        Assert.Contains("Bridge:AdminTokens", error.Message, StringComparison.Ordinal);
    }
}
