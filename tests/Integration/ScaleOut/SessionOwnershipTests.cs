using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Sessions;
using OrleansBridge.Sessions.Ownership;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;
using OrleansBridge.Tests.Operations;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>One serving activation per session among the silos of a cluster on Azurite (in-process silos, real Azure Table membership, real sockets).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SessionOwnershipTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task DuplicateActivation_TwoClustersOnOneStore_TheLoserIsFencedOnItsNextWrite_AndClosesItsClientWith4306()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        await using var a = await BridgeTestServer.StartAsync(settings);
        await using var b = await BridgeTestServer.StartAsync(SharedStorage.AnotherCluster(settings)); // its own grain directory: a second activation
        await using var onA = await RawClient.ConnectAsync(a.Url);
        var welcome = await onA.WelcomeAsync(RawClient.NewHello());
        Assert.NotNull((await RawSession.StoredCallAsync(onA, 1, 1)).Answer);
        Assert.True(a.Services.GetRequiredService<SessionOwnership>().Serves(welcome.SessionId));

        await using var onB = await RawClient.ConnectAsync(b.Url);
        var resumed = await onB.WelcomeAsync(RawClient.NewHello(resume: new ResumeInfo(welcome.SessionId, welcome.ResumeToken, 0)));

        Assert.True(resumed.Resumed);
        Assert.Equal(1u, resumed.LastReceivedSeq); // the request A answered was stored; B does not ask for it again
        Assert.True(b.Services.GetRequiredService<SessionOwnership>().Serves(welcome.SessionId));
        var (answer, close) = await RawSession.StoredCallAsync(onA, 2, 2);
        Assert.Null(answer); // A's write of the answer was refused (412): nothing reached the client
        Assert.Equal(ErrorCode.SessionMoved, close?.Code);
        Assert.False(a.Services.GetRequiredService<SessionOwnership>().Serves(welcome.SessionId));
        using var http = new HttpClient();
        var scrape = PrometheusScrape.Parse(await http.GetStringAsync($"http://127.0.0.1:{a.Port}/metrics"));
        Assert.Equal(1, scrape.Required("bridge_sessions_fenced_total"));

        // B serves the session: request 2 (never answered by A) is run by B.
        var onBAnswer = await RawSession.EchoAsync(onB, 2, 2);
        Assert.Equal(2, onBAnswer.Answer?.GetProperty("result").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task ResumeThroughAnotherSiloOfTheCluster_MovesTheSessionThere_TheOldConnectionGets4306_NothingIsAskedTwice()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        await using var a = await BridgeTestServer.StartAsync(settings);
        await using var b = await BridgeTestServer.StartAsync(settings);
        await SharedStorage.ConvergedAsync(a, b);
        await using var onA = await RawClient.ConnectAsync(a.Url);
        var welcome = await onA.WelcomeAsync(RawClient.NewHello());
        Assert.NotNull((await RawSession.EchoAsync(onA, 1, 1)).Answer);

        await using var onB = await RawClient.ConnectAsync(b.Url);
        var resumed = await onB.WelcomeAsync(RawClient.NewHello(resume: new ResumeInfo(welcome.SessionId, welcome.ResumeToken, 1)));

        Assert.True(resumed.Resumed);
        Assert.Equal(1u, resumed.LastReceivedSeq);
        var (_, status) = await onA.ReadUntilClosedAsync();
        Assert.Equal((int)ErrorCode.SessionMoved, (int?)status); // A stored the channel and let its client go
        Assert.False(a.Services.GetRequiredService<SessionOwnership>().Serves(welcome.SessionId));
        Assert.True(b.Services.GetRequiredService<SessionOwnership>().Serves(welcome.SessionId));
        var onBAnswer = await RawSession.EchoAsync(onB, 2, 2);
        Assert.Equal(2, onBAnswer.Answer?.GetProperty("result").GetProperty("n").GetInt32());
        using var http = new HttpClient();
        Assert.Equal(1, PrometheusScrape.Parse(await http.GetStringAsync($"http://127.0.0.1:{a.Port}/metrics")).Required("bridge_session_moves_total"));
        var application = await b.Grains.GetGrain<OrleansBridge.Applications.IApplicationGrain>("bridge").GetStatusAsync();
        Assert.Equal(1, application.Sessions); // one application grain for the cluster: the moved session is counted once
    }

    [Fact]
    public async Task AbandonedSession_ItsSiloGone_ItsClientNeverBack_IsAdoptedByTheSweep_AndClosedAfterOneGraceWindow()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        settings["Bridge:Applications:bridge:GraceWindow"] = "00:00:02";
        var a = await BridgeTestServer.StartAsync(settings);
        string sessionId;
        await using (var client = await RawClient.ConnectAsync(a.Url))
        {
            sessionId = (await client.WelcomeAsync(RawClient.NewHello())).SessionId;
            await a.DisposeAsync(); // drain stores the channel and lets the client go; it never resumes
        }

        using var storage = new OrleansBridge.Storage.Azure.AzureGrainStateContainer(
            settings["Bridge:Grains:Storage"]!["azure:".Length..], Microsoft.Extensions.Logging.Abstractions.NullLogger<OrleansBridge.Storage.Azure.AzureGrainStateContainer>.Instance);
        Assert.Contains(sessionId, await storage.ListKeysAsync("session", default).ToListAsync()); // left in storage, served by nobody

        await using var b = await BridgeTestServer.StartAsync(settings); // its sweep runs at start
        var adopted = await b.WaitForStateAsync(sessionId, SessionState.Pending);
        var closed = await b.WaitForStateAsync(sessionId, SessionState.Closed);

        Assert.Contains("taken over from storage", adopted.Reason, StringComparison.Ordinal);
        Assert.Contains(((int)ErrorCode.SessionExpired).ToString(System.Globalization.CultureInfo.InvariantCulture), closed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(sessionId, await storage.ListKeysAsync("session", default).ToListAsync()); // record, scene and pins released with it
        Assert.Equal(0, (await b.ApplicationStatusAsync()).Sessions);
    }

    [Fact]
    public async Task Drain_OfTheServerASessionUses_HandsItOff_AndTheSdkResumesOnAnAlternateUrl_WithItsHead()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        var a = await BridgeTestServer.StartAsync(settings);
        await using var b = await BridgeTestServer.StartAsync(settings);
        await SharedStorage.ConvergedAsync(a, b);
        await using var session = BridgeClient.Create(a.Url, BridgeTestServer.Token, new BridgeClientOptions { AlternateUrls = [b.Url] });
        await session.ConnectAsync();
        CommitResult committed;
        using (var tx = session.BeginTransaction())
        {
            tx.Put("m", new MaterialElement(RoughnessFactor: 0.25f));
            committed = await tx.CommitAsync();
        }

        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += change =>
        {
            if (change.State == ClientState.Connected && session.Resumes == 1)
            {
                resumed.TrySetResult();
            }
        };

        await a.DisposeAsync(); // drain: stored, Close 4306; A then leaves the cluster
        await resumed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(committed.Manifest, (await session.GetSceneHeadAsync()).Manifest);
        Assert.Equal(1, b.Services.GetRequiredService<SessionOwnership>().Count);
        Assert.Single(b.Transitions, t => t.SessionId == session.SessionId && t.State == SessionState.Pending); // taken over from storage
    }

    [Fact]
    public async Task FiftyClientsResumingOneSessionAcrossThreeSilos_AtMostOneSiloServesIt_EveryLoserIsTold_AndTheSessionIsIntact()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        await using var s0 = await BridgeTestServer.StartAsync(settings);
        await using var s1 = await BridgeTestServer.StartAsync(settings);
        await using var s2 = await BridgeTestServer.StartAsync(settings);
        await SharedStorage.ConvergedAsync(s0, s1, s2);
        BridgeTestServer[] silos = [s0, s1, s2];
        Welcome welcome;
        await using (var creator = await RawClient.ConnectAsync(s0.Url))
        {
            welcome = await creator.WelcomeAsync(RawClient.NewHello());
        }

        var clients = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var client = await RawClient.ConnectAsync(silos[i % 3].Url);
            var (header, _) = await client.HelloAsync(RawClient.NewHello(resume: new ResumeInfo(welcome.SessionId, welcome.ResumeToken, 0)));
            return (Client: client, Welcomed: header.Type == MessageType.Welcome);
        }));
        try
        {
            var outcomes = await Task.WhenAll(clients.Where(c => c.Welcomed).Select((c, i) => RawSession.EchoAsync(c.Client, 1, (uint)(i + 1))));

            // The session moves to each gateway that resumes it, so the last move wins; a resume that
            // moved it but then gave up (4306) may leave it served by nobody until the next resume.
            var served = outcomes.Count(o => o.Answer is not null);
            Assert.True(served <= 1, $"{served} clients were served at once");
            Assert.All(outcomes.Where(o => o.Answer is null), o =>
            {
                Assert.False(o.Hung, "a client that lost the session must be told so, not left waiting");
                Assert.True(
                    o.EndCode is (int)ErrorCode.SessionMoved or (int)ErrorCode.SessionTakenOver,
                    $"a client that lost the session should be told it moved (4306) or was taken over (4303), not Close {o.Close?.Code} / status {o.Status}");
            });
            var owners = silos.Count(s => s.Services.GetRequiredService<SessionOwnership>().Serves(welcome.SessionId));
            Assert.True(owners <= 1, $"{owners} silos serve the session");

            // Nothing was lost in the storm: one more resume gets the session, with its positions, and is served.
            await using var last = await RawClient.ConnectAsync(s1.Url);
            var resumed = await last.WelcomeAsync(RawClient.NewHello(resume: new ResumeInfo(welcome.SessionId, welcome.ResumeToken, 0)));
            Assert.True(resumed.LastReceivedSeq <= 1, $"echo 1 was sent by every client and may be delivered once, not {resumed.LastReceivedSeq} times");
            var next = resumed.LastReceivedSeq + 1;
            var answer = await RawSession.EchoAsync(last, next, 1000);
            Assert.Equal(1000, answer.Answer?.GetProperty("result").GetProperty("n").GetInt32());
            Assert.True(s1.Services.GetRequiredService<SessionOwnership>().Serves(welcome.SessionId));
        }
        finally
        {
            foreach (var (client, _) in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
