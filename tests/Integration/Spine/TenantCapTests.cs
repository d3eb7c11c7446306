using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Admission;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

/// <summary>
/// A tenant at its session cap is not locked out by its own absent sessions: a PENDING session gives
/// way (4308) to a new one, a CONNECTED session never does, and another tenant's sessions are untouched.
/// </summary>
public sealed class TenantCapTests
{
    private static string Signed(string tenant, int max) =>
        new SignedToken("k1", tenant, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), max).Sign(Convert.FromBase64String(BridgeTestServer.SigningKey));

    [Fact]
    public async Task Connect_TenantAtItsCapWithPendingSessions_OldestPendingClosedWith4308AndNewSessionAdmitted()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        var token = Signed("studio-a", max: 2);
        await using var bystander = await BridgeClient.ConnectAsync(server.Url, Signed("studio-b", max: 1));
        var older = await OpenAndDropAsync(server, token);
        time.Advance(TimeSpan.FromSeconds(1)); // a later CreatedAt: the first one is the older
        var newer = await OpenAndDropAsync(server, token);

        await using var admitted = await BridgeClient.ConnectAsync(server.Url, token);

        var displaced = await server.WaitForStateAsync(older.SessionId, SessionState.Closed);
        Assert.Equal(SessionState.Pending, displaced.Previous);
        Assert.StartsWith("4308 SessionDisplaced", displaced.Reason, StringComparison.Ordinal);
        Assert.Equal(SessionState.Pending, (await server.Grains.GetGrain<ISessionGrain>(newer.SessionId).GetStatusAsync()).State);
        var status = await server.ApplicationStatusAsync();
        Assert.Equal((2, 1), (status.SessionsByTenant["studio-a"], status.SessionsByTenant["studio-b"]));
        Assert.Equal(SessionState.Connected, (await server.Grains.GetGrain<ISessionGrain>(bystander.SessionId).GetStatusAsync()).State);

        // The displaced client finds its session gone, as after the grace window; the newer one still resumes.
        await using var late = await RawClient.ConnectAsync(server.Url, bearer: token);
        var (header, body) = await late.HelloAsync(RawClient.NewHello(resume: new ResumeInfo(older.SessionId, older.ResumeToken, 0)));
        Assert.Equal(MessageType.Reject, header.Type);
        Assert.Equal(ErrorCode.SessionNotFound, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
        await using var back = await RawClient.ConnectAsync(server.Url, bearer: token);
        Assert.True((await back.WelcomeAsync(RawClient.NewHello(resume: new ResumeInfo(newer.SessionId, newer.ResumeToken, 0)))).Resumed);
    }

    [Fact]
    public async Task Connect_TenantAtItsCapWithConnectedSessionsOnly_Refused4204AndNoneDisplaced()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var token = Signed("studio-a", max: 2);
        await using var first = await BridgeClient.ConnectAsync(server.Url, token);
        await using var second = await BridgeClient.ConnectAsync(server.Url, token);

        var ex = await Assert.ThrowsAsync<BridgeRejectedException>(() => BridgeClient.ConnectAsync(server.Url, token));

        Assert.Equal(ErrorCode.TenantSessionLimit, ex.Code);
        foreach (var session in new[] { first, second })
        {
            Assert.Equal(SessionState.Connected, (await server.Grains.GetGrain<ISessionGrain>(session.SessionId).GetStatusAsync()).State);
        }

        Assert.DoesNotContain(server.Transitions, t => t.State == SessionState.Closed);
    }

    [Fact]
    public async Task Connect_TokenHolderRepeatedlyFillsTheCapAndDrops_LegitimateClientAdmittedEveryRound()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var token = Signed("studio-a", max: 3);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                await OpenAndDropAsync(server, token);
            }

            await using var legitimate = await BridgeClient.ConnectAsync(server.Url, token);
            var echoed = await legitimate.RequestAsync("echo", JsonSerializer.SerializeToElement(round));
            Assert.Equal(round, echoed.GetInt32());
            await legitimate.CloseAsync();
        }

        // Each round's legitimate client displaced one PENDING session and then closed; the token holder's
        // later sessions displaced its earlier ones: 1 + 3 + 3 displaced, 2 PENDING left.
        Assert.Equal(2, (await server.ApplicationStatusAsync()).SessionsByTenant["studio-a"]);
        Assert.Equal(7, server.Transitions.Count(t => t.State == SessionState.Closed && t.Reason.StartsWith("4308", StringComparison.Ordinal)));
    }

    /// <summary>Opens a session with a raw client and drops its connection without a Close: the session goes PENDING.</summary>
    private static async Task<Welcome> OpenAndDropAsync(BridgeTestServer server, string token)
    {
        var raw = await RawClient.ConnectAsync(server.Url, bearer: token);
        var welcome = await raw.WelcomeAsync(RawClient.NewHello());
        await raw.DisposeAsync();
        await server.WaitForStateAsync(welcome.SessionId, SessionState.Pending);
        return welcome;
    }
}
