using System.Numerics;
using System.Text.Json;
using OrleansBridge.Client;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Cli.Commands;

/// <summary>Puts a scene into the stream's session and returns the orbit camera to look through.</summary>
internal static class StreamScene
{
    /// <summary>The SDK's demo scene, committed through the transaction API.</summary>
    public static async Task<OrbitCamera> DemoAsync(BridgeSession session, CancellationToken cancellationToken)
    {
        await DemoScene.CommitAsync(session, cancellationToken);
        return DemoScene.Camera;
    }

    /// <summary>
    /// Uploads a .glb (or self-contained .gltf), imports it with the <c>gltf.import</c> job, and adds an
    /// orbit camera around the bounds <c>scene.stats</c> reports, placed under the scene's root.
    /// </summary>
    public static async Task<OrbitCamera> ImportAsync(BridgeSession session, FileInfo file, CancellationToken cancellationToken)
    {
        var uploaded = await session.UploadAsync(file.FullName, cancellationToken: cancellationToken);
        using var input = JsonDocument.Parse($$"""{"source":"{{uploaded.Hash}}"}""");
        await session.RunJobAsync("gltf.import", input.RootElement, null, cancellationToken);
        using var noInput = JsonDocument.Parse("null");
        var stats = await session.RunJobAsync("scene.stats", noInput.RootElement, null, cancellationToken);
        var center = Vector3.Zero;
        var radius = 5f;
        if (stats.TryGetProperty("bounds", out var bounds))
        {
            var min = Read(bounds.GetProperty("min"));
            var max = Read(bounds.GetProperty("max"));
            center = (min + max) / 2;
            radius = Math.Max((max - min).Length(), 1e-3f);
        }

        var camera = new OrbitCamera("bridge/orbit", center, radius, radius * 0.4f);
        var elements = await session.GetSceneElementsAsync(null, cancellationToken);
        var root = elements.Where(e => e.Value is SceneRootElement).OrderBy(e => e.Key, StringComparer.Ordinal).FirstOrDefault();
        await using var transaction = session.BeginTransaction();
        camera.Place(transaction, 0, root.Value as SceneRootElement, root.Key ?? "scene");
        await transaction.CommitAsync(cancellationToken);
        return camera;
    }

    private static Vector3 Read(JsonElement xyz) => new(xyz[0].GetSingle(), xyz[1].GetSingle(), xyz[2].GetSingle());
}
