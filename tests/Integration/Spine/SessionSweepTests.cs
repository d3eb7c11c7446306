using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

/// <summary>Sessions an earlier run left behind (folder storage) are closed at start, records, scenes and all.</summary>
public sealed class SessionSweepTests
{
    [Fact]
    public async Task Restart_AbandonedSessionsWithScenes_ClosedAtStartWithoutAnyClient()
    {
        using var data = new TestDirectory();
        var abandoned = new List<string>();
        await using (var server = await BridgeTestServer.StartAsync(sharedData: data))
        {
            for (var i = 0; i < 3; i++)
            {
                var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token, new BridgeClientOptions { AutoReconnect = false });
                using (var tx = session.BeginTransaction())
                {
                    tx.Put("m", new MaterialElement(RoughnessFactor: 0.1f * i));
                    await tx.CommitAsync();
                }

                abandoned.Add(session.SessionId);
            }
        } // The server stops under the open sessions: they are left PENDING, as by a crash.

        var sessionRecords = Path.Combine(data.Path, "grains", "session");
        var sceneRecords = Path.Combine(data.Path, "grains", "scene");
        Assert.Equal(3, Directory.GetFiles(sessionRecords, "*.state").Length);
        Assert.Equal(3, Directory.GetFiles(sceneRecords, "*.state").Length);

        await using var restarted = await BridgeTestServer.StartAsync(sharedData: data);
        var swept = await restarted.Services.GetRequiredService<SessionSweeper>().Swept.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, swept);
        Assert.Empty(Directory.GetFiles(sessionRecords, "*.state"));
        Assert.Empty(Directory.GetFiles(sceneRecords, "*.state"));
        Assert.Equal(0, (await restarted.ApplicationStatusAsync()).Sessions);
        await using var fresh = await BridgeClient.ConnectAsync(restarted.Url, BridgeTestServer.Token);
        Assert.DoesNotContain(fresh.SessionId, abandoned);
    }
}
