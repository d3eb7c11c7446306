using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using OrleansBridge.Admission;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

/// <summary>Every refusal, each with its code: before the upgrade (HTTP + Bridge-Error) and in the handshake (Reject).</summary>
public sealed class AdmissionTests
{
    private static string Signed(string tenant, DateTimeOffset expires, int? max = null, string keyId = "k1", string key = BridgeTestServer.SigningKey) =>
        new SignedToken(keyId, tenant, expires.ToUnixTimeSeconds(), max).Sign(Convert.FromBase64String(key));

    [Fact]
    public async Task Hello_NoTokenAnywhere_RejectedTokenMissing()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var raw = await RawClient.ConnectAsync(server.Url, bearer: null);

        var code = await RejectCodeAsync(raw, RawClient.NewHello(token: null));

        Assert.Equal(ErrorCode.TokenMissing, code);
    }

    [Fact]
    public async Task Hello_BadToken_RejectedTokenInvalid()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var raw = await RawClient.ConnectAsync(server.Url, bearer: null);

        Assert.Equal(ErrorCode.TokenInvalid, await RejectCodeAsync(raw, RawClient.NewHello(token: "not-the-token-at-all")));
    }

    [Fact]
    public async Task Upgrade_BadBearerToken_Http401WithCode()
    {
        await using var server = await BridgeTestServer.StartAsync();

        var (status, code) = await RefusedUpgradeAsync(server.Url, bearer: "not-the-token-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(ErrorCode.TokenInvalid, code);
    }

    [Fact]
    public async Task Connect_ExpiredSignedToken_TokenExpired()
    {
        await using var server = await BridgeTestServer.StartAsync();

        var ex = await Assert.ThrowsAsync<BridgeRejectedException>(() =>
            BridgeClient.ConnectAsync(server.Url, Signed("studio", DateTimeOffset.UtcNow.AddMinutes(-1))));

        Assert.Equal(ErrorCode.TokenExpired, ex.Code);
    }

    [Fact]
    public async Task Connect_SignedTokenWithWrongKey_TokenSignatureInvalid()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var otherKey = Convert.ToBase64String(new byte[32]);

        var ex = await Assert.ThrowsAsync<BridgeRejectedException>(() =>
            BridgeClient.ConnectAsync(server.Url, Signed("studio", DateTimeOffset.UtcNow.AddHours(1), key: otherKey)));

        Assert.Equal(ErrorCode.TokenSignatureInvalid, ex.Code);
    }

    [Fact]
    public async Task Hello_SignedTokenOverTenantLimit_RejectedTenantSessionLimit()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var token = Signed("studio-a", DateTimeOffset.UtcNow.AddHours(1), max: 2);
        await using var first = await BridgeClient.ConnectAsync(server.Url, token);
        await using var second = await BridgeClient.ConnectAsync(server.Url, token);
        await using var otherTenant = await BridgeClient.ConnectAsync(server.Url, Signed("studio-b", DateTimeOffset.UtcNow.AddHours(1), max: 1));

        var ex = await Assert.ThrowsAsync<BridgeRejectedException>(() => BridgeClient.ConnectAsync(server.Url, token));

        Assert.Equal(ErrorCode.TenantSessionLimit, ex.Code);
        var status = await server.ApplicationStatusAsync();
        Assert.Equal(2, status.SessionsByTenant["studio-a"]);
        Assert.Equal(1, status.SessionsByTenant["studio-b"]);

        await first.CloseAsync(); // A closed session frees its place at once.
        await using var third = await BridgeClient.ConnectAsync(server.Url, token);
        Assert.Equal("studio-a", third.Tenant);
    }

    [Fact]
    public async Task Upgrade_ClosedApplication_Http503WithCode()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Open"] = "false",
        });

        var (status, code) = await RefusedUpgradeAsync(server.Url, BridgeTestServer.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(ErrorCode.ApplicationClosed, code);
    }

    [Fact]
    public async Task Upgrade_DisallowedOrigin_Http403WithCode_AllowedOriginConnects()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:AllowedOrigins:0"] = "https://viewer.example",
        });

        var (status, code) = await RefusedUpgradeAsync(server.Url, BridgeTestServer.Token, origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ErrorCode.OriginNotAllowed, code);

        await using var allowed = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token, new BridgeClientOptions { Origin = "https://viewer.example" });
        await using var sameOrigin = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token, new BridgeClientOptions { Origin = $"http://127.0.0.1:{server.Port}" });
        Assert.Equal(ClientState.Connected, allowed.State);
        Assert.Equal(ClientState.Connected, sameOrigin.State);
    }

    [Fact]
    public async Task Hello_ApplicationSessionLimit_Rejected()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Limits:MaxSessions"] = "1",
        });
        await using var first = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var ex = await Assert.ThrowsAsync<BridgeRejectedException>(() => BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token));

        Assert.Equal(ErrorCode.ApplicationSessionLimit, ex.Code);
    }

    [Fact]
    public async Task TwoApplications_EachAdmitsOnlyItsOwnTokens()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:review:Path"] = "/review",
            ["Bridge:Applications:review:Cache"] = "path:review-cache",
            ["Bridge:Applications:review:Auth:Tokens:0:Token"] = "review-token-0123456789",
            ["Bridge:Applications:review:Auth:Tokens:0:Tenant"] = "reviewers",
        });
        var review = new Uri(server.BaseUri, "/review");

        await using var reviewer = await BridgeClient.ConnectAsync(review, "review-token-0123456789");
        await using var main = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var wrongApp = await Assert.ThrowsAsync<BridgeRejectedException>(() => BridgeClient.ConnectAsync(review, BridgeTestServer.Token));

        Assert.Equal("reviewers", reviewer.Tenant);
        Assert.Equal("default", main.Tenant);
        Assert.Equal(ErrorCode.TokenInvalid, wrongApp.Code);
        Assert.Equal(1, (await server.ApplicationStatusAsync("review")).Sessions);
        Assert.Equal(1, (await server.ApplicationStatusAsync("bridge")).Sessions);
    }

    private static async Task<ErrorCode> RejectCodeAsync(RawClient raw, Protocol.Messages.Hello hello)
    {
        var (header, body) = await raw.HelloAsync(hello);
        Assert.Equal(MessageType.Reject, header.Type);
        var reject = JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!;
        var (_, status) = await raw.ReadUntilClosedAsync();
        Assert.Equal((int)reject.Code, (int?)status);
        return reject.Code;
    }

    private static async Task<(HttpStatusCode Status, ErrorCode Code)> RefusedUpgradeAsync(Uri url, string bearer, string? origin = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));
        var code = (ErrorCode)ushort.Parse(socket.HttpResponseHeaders!["Bridge-Error"].Single());
        return (socket.HttpStatusCode, code);
    }
}
