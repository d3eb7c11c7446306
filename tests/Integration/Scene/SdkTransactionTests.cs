using Microsoft.Extensions.DependencyInjection;
using OrleansBridge.Client;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Scene;

/// <summary>The SDK's typed transactions: bulk data uploaded at commit only when missing, refusals with every problem.</summary>
public sealed class SdkTransactionTests
{
    private static byte[] Triangle(float z) =>
        [.. new[] { 0f, 0, z, 1, 0, z, 0, 1, z }.SelectMany(BitConverter.GetBytes)];

    [Fact]
    public async Task Commit_WithBulkData_UploadsMissingOnlyAndCommits()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var relay = new TcpRelay(server.Port);
        await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{relay.Port}/bridge"), BridgeTestServer.Token);
        var big = new byte[512 << 10];
        new Random(3).NextBytes(big);

        CommitResult first;
        using (var tx = session.BeginTransaction())
        {
            var positions = tx.AddBulk(Triangle(0));
            var uvs = tx.AddBulk(big);
            tx.Put("mat", new MaterialElement(RoughnessFactor: 0.4f));
            tx.Put("tri", new MeshElement(positions, 3, Uvs: uvs, Material: "mat"));
            tx.Put("i-tri", new InstanceElement("tri"));
            tx.Put("scene", new SceneRootElement(["i-tri"]));
            first = await tx.CommitAsync();
        }

        var sentAfterFirst = relay.BytesToServer;
        using (var tx = session.BeginTransaction())
        {
            tx.AddBulk(big); // Already in the cache: nothing of it travels again.
            tx.Put("mat", new MaterialElement(RoughnessFactor: 0.9f));
            var second = await tx.CommitAsync();
            Assert.Equal(first.Version + 1, second.Version);
        }

        Assert.True(relay.BytesToServer - sentAfterFirst < big.Length / 4,
            $"the second commit sent {relay.BytesToServer - sentAfterFirst} bytes; the {big.Length}-byte array must not travel twice");
        var elements = await session.GetSceneElementsAsync(["mat", "tri"]);
        Assert.Equal(0.9f, ((MaterialElement)elements["mat"]).RoughnessFactor);
        Assert.Equal(4, (await session.GetSceneHeadAsync()).Elements);
    }

    [Fact]
    public async Task Commit_Refused_ThrowsWithEveryProblemAndHeadUnchanged()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        using var tx = session.BeginTransaction();
        tx.Put("i", new InstanceElement("missing"));
        tx.Put("cam", new CameraElement(YFov: 5));

        var refused = await Assert.ThrowsAsync<SceneCommitException>(() => tx.CommitAsync());

        Assert.Contains(refused.Problems, p => p.Element == "i" && p.Code == ErrorCode.SceneDanglingReference);
        Assert.Contains(refused.Problems, p => p.Element == "cam" && p.Code == ErrorCode.SceneElementInvalid);
        Assert.Equal(0, (await session.GetSceneHeadAsync()).Version);
    }

    [Fact]
    public async Task Dispose_Uncommitted_AbortsOnTheServer()
    {
        await using var server = await BridgeTestServer.StartAsync();
        var aborted = new TaskCompletionSource<SceneEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Services.GetRequiredService<SceneLifecycle>().Changed += e =>
        {
            if (!e.Committed)
            {
                aborted.TrySetResult(e);
            }
        };
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        await using (var tx = session.BeginTransaction())
        {
            tx.Put("cam", new CameraElement(0.7f));
        }

        Assert.Equal(session.SessionId, (await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30))).SessionId);
        Assert.Equal(0, (await session.GetSceneHeadAsync()).Elements);
    }
}
