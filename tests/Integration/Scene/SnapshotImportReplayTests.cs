using OrleansBridge.Client;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Scene;

/// <summary>
/// A <c>snapshot.import</c> is kept with its request's client sequence, as a commit is: when the
/// request reaches the scene again (replayed after its session moved and the first answer was lost),
/// it is answered with the import it made, and the scene changes once.
/// </summary>
public sealed class SnapshotImportReplayTests
{
    [Fact]
    public async Task ImportAsync_SameRequestSequenceTwice_ImportsOnceAndAnswersTheSameCommit()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        using (var tx = session.BeginTransaction())
        {
            tx.Put("m", new MaterialElement(RoughnessFactor: 0.5f));
            await tx.CommitAsync();
        }

        var snapshot = await session.SaveSnapshotAsync("s1");
        var scene = server.Grains.GetGrain<ISceneGrain>(SceneKeys.For(session.SessionId, "bridge"));

        var first = await scene.ImportAsync(snapshot.Manifest, SceneImportMode.Merge, "copy/", requestSequence: 41);
        var replay = await scene.ImportAsync(snapshot.Manifest, SceneImportMode.Merge, "copy/", requestSequence: 41);
        var other = await scene.ImportAsync(snapshot.Manifest, SceneImportMode.Merge, "copy/", requestSequence: 42);

        Assert.Equal(Protocol.ErrorCode.None, first.Error);
        Assert.Equal(first.Value, replay.Value); // not a SceneConflict on "copy/m": the replay applied nothing
        Assert.Equal(2, (await scene.GetHeadAsync()).Version); // the commit of "m", then one import
        Assert.Equal(Protocol.ErrorCode.SceneConflict, other.Problems.Single().Code); // a new request does import again, and "copy/m" exists
        var elements = await scene.GetElementsAsync(null);
        Assert.Equal(["copy/m", "m"], elements.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(first.Value, await scene.FindCommitAsync(41)); // what a new owner answers when the request was in flight
    }
}
