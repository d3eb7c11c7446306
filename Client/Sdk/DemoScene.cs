using System.Runtime.InteropServices;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Client;

/// <summary>
/// A small scene for trying video streams without a file: a floor, three boxes, a point light and an
/// orbiting camera, committed through the transaction API (<c>bridge stream</c> without a file, the
/// video tests and benchmarks).
/// </summary>
public static class DemoScene
{
    /// <summary>The orbit camera the demo scene is seen through.</summary>
    public static OrbitCamera Camera { get; } = new("demo/camera", new System.Numerics.Vector3(0, 0.5f, 0), 5f, 2.5f);

    /// <summary>Commits the demo scene into the session's scene; returns the commit.</summary>
    public static async Task<Scene.Messages.CommitResult> CommitAsync(BridgeSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var transaction = session.BeginTransaction();
        var floor = Mesh(transaction, [-6, 0, -6, 6, 0, -6, 6, 0, 6, -6, 0, 6], [0, 2, 1, 0, 3, 2]);
        var box = Mesh(transaction,
            [-0.5f, 0, -0.5f, 0.5f, 0, -0.5f, 0.5f, 0, 0.5f, -0.5f, 0, 0.5f, -0.5f, 1, -0.5f, 0.5f, 1, -0.5f, 0.5f, 1, 0.5f, -0.5f, 1, 0.5f],
            [0, 1, 2, 0, 2, 3, 4, 6, 5, 4, 7, 6, 0, 4, 5, 0, 5, 1, 1, 5, 6, 1, 6, 2, 2, 6, 7, 2, 7, 3, 3, 7, 4, 3, 4, 0]);
        transaction.Put("demo/floor-material", new MaterialElement(BaseColorFactor: [0.8f, 0.8f, 0.8f, 1], MetallicFactor: 0));
        transaction.Put("demo/box-material", new MaterialElement(BaseColorFactor: [0.9f, 0.25f, 0.1f, 1], MetallicFactor: 0, RoughnessFactor: 0.4f));
        transaction.Put("demo/floor", floor with { Material = "demo/floor-material" });
        transaction.Put("demo/box", box with { Material = "demo/box-material" });
        transaction.Put("demo/floor-node", new InstanceElement("demo/floor"));
        List<string> roots = ["demo/floor-node", "demo/light-node", Camera.Name];
        for (var i = 0; i < 3; i++)
        {
            var name = $"demo/box-node-{i}";
            transaction.Put(name, new InstanceElement("demo/box", [1, 0, 0, 0, 0, 1 + i * 0.5f, 0, 0, 0, 0, 1, 0, (i - 1) * 1.8f, 0, (i % 2) * 0.8f, 1]));
            roots.Add(name);
        }

        transaction.Put("demo/light", new LightElement("point", [1, 1, 1], 4000));
        transaction.Put("demo/light-node", new InstanceElement("demo/light", [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 2, 4, 3, 1]));
        transaction.Put("demo/options", new OptionsElement(EnvironmentColor: [0.4f, 0.5f, 0.7f], EnvironmentIntensity: 0.5f));
        Camera.Place(transaction, 0);
        transaction.Put("scene", new SceneRootElement(roots, Camera.Name, "demo/options"));
        return await transaction.CommitAsync(cancellationToken);
    }

    private static MeshElement Mesh(BridgeTransaction transaction, float[] positions, uint[] indices) => new(
        transaction.AddBulk(MemoryMarshal.AsBytes(positions.AsSpan()).ToArray()),
        positions.Length / 3,
        transaction.AddBulk(MemoryMarshal.AsBytes(indices.AsSpan()).ToArray()),
        indices.Length);
}
