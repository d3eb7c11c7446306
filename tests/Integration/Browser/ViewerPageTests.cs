using System.Text.Json;
using OrleansBridge.Client;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// The viewer page in Debian's Chromium against the real server: connecting, uploading a model,
/// surviving a dropped socket, steering the camera. Frame tests live in <see cref="ViewerStreamTests"/>.
/// </summary>
public sealed class ViewerPageTests(ViewerPageFixture fixture, ITestOutputHelper output) : IClassFixture<ViewerPageFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Page_TokenInUrl_ConnectsAndShowsConnected()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);

        var sessionId = await page.SessionIdAsync();
        Assert.Matches("^[0-9a-f]{32}$", sessionId);
        await fixture.Server.Server.WaitForStateAsync(sessionId, SessionState.Connected);
        Assert.Equal("CONNECTED", await page.Page.Locator("#state").TextContentAsync());
        Assert.Equal("bridge (/bridge)", await page.Page.Locator("#application option:checked").TextContentAsync());
        var webCodecs = await page.Page.EvaluateAsync<string>(
            "async () => typeof VideoDecoder !== 'function' ? 'no WebCodecs' : JSON.stringify((await VideoDecoder.isConfigSupported({ codec: 'avc1.42E01F' })).supported)");
        output.WriteLine($"WebCodecs H.264 decoding on this Chromium: {webCodecs}");
        await page.ScreenshotAsync("connected");
    }

    [Fact]
    public async Task Page_WrongToken_ShowsClosedWithTheCode()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output, token: "wrong-token-0123456789", waitConnected: false);

        await page.Page.WaitForFunctionAsync("() => document.getElementById('log').textContent.includes('4201')", null, new() { Timeout = (float)Timeout.TotalMilliseconds });

        Assert.Equal("closed", await page.Page.Locator("#state").GetAttributeAsync("data-state"));
    }

    [Fact]
    public async Task Page_UploadGlb_SentOnceWithProgressThenFoundInTheCache()
    {
        var glb = TestGlb.Cube();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(glb));
        await using var first = await ViewerPage.OpenAsync(fixture, output);

        var sent = await first.UploadAsync($"cube-{Guid.NewGuid():N}.glb", glb);

        Assert.Equal(glb.Length, sent);
        Assert.Equal(1.0, await first.Page.EvalOnSelectorAsync<double>("#upload-progress", "p => p.value"));
        await using (var sdk = await BridgeClient.ConnectAsync(fixture.Server.Server.Url, BridgeTestServer.Token))
        {
            var query = await sdk.RequestAsync("cache.query", JsonSerializer.SerializeToElement(new { hashes = new[] { hash } }));
            Assert.Empty(query.GetProperty("missing").EnumerateArray()); // Stored under the SHA-256 the page computed.
        }

        await using var second = await ViewerPage.OpenAsync(fixture, output);
        Assert.Equal(0, await second.UploadAsync("again.glb", glb)); // Hashed, asked, nothing sent.
    }

    [Fact]
    public async Task Page_ServerDropsSocket_ShowsPendingThenResumes()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        var sessionId = await page.SessionIdAsync();

        Assert.Equal(1, fixture.Server.Server.Connections.DropSession(sessionId)); // Close 4112: the session goes PENDING.

        await fixture.Server.Server.WaitForStateAsync(sessionId, SessionState.Pending);
        await page.Page.WaitForFunctionAsync(
            "() => /pending connected$/.test(document.body.dataset.stateHistory)", null, new() { Timeout = (float)Timeout.TotalMilliseconds });
        Assert.Equal(sessionId, await page.SessionIdAsync()); // The same session, resumed.
        Assert.Equal(1, await page.Page.EvaluateAsync<int>("() => window.viewer.session.resumes"));
        var info = await page.Page.EvaluateAsync<JsonElement>("() => window.viewer.session.request('session.info')");
        Assert.Equal(1, info.GetProperty("resumes").GetInt32());
        Assert.Contains("session pending", await page.Page.Locator("#log").TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("resumed");
    }

    [Fact]
    public async Task Page_Reloaded_ResumesItsSessionWithTheScene_AndOpensNoOther()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        var sessionId = await page.SessionIdAsync();
        var head = await page.Page.EvaluateAsync<JsonElement>("() => window.viewer.session.sceneHead()");
        var sessionsBefore = (await fixture.Server.Server.ApplicationStatusAsync()).Sessions;

        await page.Page.ReloadAsync();

        await page.Page.WaitForSelectorAsync("#state[data-state=connected]", new() { Timeout = (float)Timeout.TotalMilliseconds });
        Assert.Equal(sessionId, await page.SessionIdAsync()); // the same session: its scene and snapshots stayed
        Assert.Equal(1, await page.Page.EvaluateAsync<int>("() => window.viewer.session.resumes"));
        var info = await page.Page.EvaluateAsync<JsonElement>("() => window.viewer.session.request('session.info')");
        Assert.Equal(1, info.GetProperty("resumes").GetInt32());
        var headAfter = await page.Page.EvaluateAsync<JsonElement>("() => window.viewer.session.sceneHead()");
        Assert.Equal(head.GetProperty("manifest").GetString(), headAfter.GetProperty("manifest").GetString());
        Assert.Equal(sessionsBefore, (await fixture.Server.Server.ApplicationStatusAsync()).Sessions);
        Assert.Contains($"resumed session {sessionId} after a reload", await page.Page.Locator("#log").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_LoadSnapshotThenDrag_EachMoveIsACameraTransaction()
    {
        var snapshot = await SaveTriangleSnapshotAsync();
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        await page.Page.SelectOptionAsync("#snapshot-list", snapshot);
        await page.Page.ClickAsync("#snapshot-load");
        await page.Page.WaitForFunctionAsync("() => window.viewer.scene.sceneName !== null", null, new() { Timeout = (float)Timeout.TotalMilliseconds });
        var before = await page.CameraAsync();

        await page.DragAsync(120, 40);

        await page.Page.WaitForFunctionAsync(
            "async (v) => (await window.viewer.session.sceneHead()).version > v", before.Version, new() { Timeout = (float)Timeout.TotalMilliseconds, PollingInterval = 100 });
        var after = await page.CameraAsync();
        Assert.NotEqual(before.Transform, after.Transform); // The orbit moved the camera instance.
        Assert.Equal("viewer/camera-instance", (await page.SceneElementAsync(page.SceneName)).GetProperty("camera").GetString());
    }

    /// <summary>A scene with one emissive triangle, saved as a snapshot by another (.NET SDK) session.</summary>
    private async Task<string> SaveTriangleSnapshotAsync()
    {
        await using var sdk = await BridgeClient.ConnectAsync(fixture.Server.Server.Url, BridgeTestServer.Token);
        var positions = new byte[9 * 4];
        Buffer.BlockCopy(new float[] { -1, 0, 0, 1, 0, 0, 0, 1, 0 }, 0, positions, 0, positions.Length);
        await using (var tx = sdk.BeginTransaction())
        {
            var hash = tx.AddBulk(positions);
            tx.Put("tri", new MeshElement(hash, 3, Material: "mat"));
            tx.Put("mat", new MaterialElement(EmissiveFactor: [1, 0.5f, 0.2f]));
            tx.Put("tri-instance", new InstanceElement("tri"));
            tx.Put("scene", new SceneRootElement(["tri-instance"]));
            await tx.CommitAsync();
        }

        var name = $"viewer-{Guid.NewGuid():N}";
        await sdk.SaveSnapshotAsync(name);
        return name;
    }

    [Fact]
    public async Task Page_ExportGltf_DownloadsAGlbThatValidatesAndImports()
    {
        await using var page = await ViewerPage.OpenAsync(fixture, output);
        // Not the cube: the upload test of this fixture's server expects the cube's bytes to be new to its cache.
        await page.UploadAsync("blender-scene.glb", await File.ReadAllBytesAsync(RepositoryPaths.Under("tests", "TestData", "gltf", "blender-scene.glb")));
        await page.Page.WaitForFunctionAsync("() => document.getElementById('model-status').textContent.includes(' elements, ')", null, new() { Timeout = (float)Timeout.TotalMilliseconds });

        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.ClickAsync("#export-gltf"), new() { Timeout = (float)Timeout.TotalMilliseconds });

        using var folder = new TestDirectory();
        var path = Path.Combine(folder.Path, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        Assert.Equal("scene.glb", download.SuggestedFilename);
        var issues = await GltfValidator.ValidateAsync(path);
        Assert.True(issues.GetProperty("numErrors").GetInt32() == 0, issues.ToString());
        var imported = OrleansBridge.Scene.Gltf.GltfImporter.Import(await File.ReadAllBytesAsync(path), _ => null, OrleansBridge.Scene.Gltf.GltfImportOptions.Default);
        Assert.True(imported.Succeeded, imported.Message);
        Assert.Contains(imported.Elements.Values, e => e is MeshElement);
        Assert.Contains("export: scene.glb", await page.Page.Locator("#log").TextContentAsync(), StringComparison.Ordinal);
    }
}
