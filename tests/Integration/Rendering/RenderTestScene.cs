using System.Numerics;
using System.Runtime.InteropServices;
using OrleansBridge.Client;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// A scene committed through the SDK's transactions: a 12 × 12 grey ground at y = 0, a unit sphere
/// at (0, 1, 0) (a UV sphere without normals: the adapter generates them), a point light at (4, 3, 0)
/// and a camera at (0, 6, 8) looking at the origin. The sphere's shadow falls around (−2, 0, 0);
/// (−2, 0, 3) and (2, 0, 0) are lit ground.
/// </summary>
public static class RenderTestScene
{
    public const float YFov = 0.8f;
    public static readonly Vector3 Eye = new(0, 6, 8);
    public static readonly Vector3 Shadow = new(-2, 0, 0);
    public static readonly Vector3 LitFar = new(-2, 0, 3);
    public static readonly Vector3 LitNear = new(2, 0, 0);

    public static async Task CommitAsync(BridgeSession session, string cameraName = "cam")
    {
        using var tx = session.BeginTransaction();
        Vector3[] ground = [new(-6, 0, -6), new(6, 0, -6), new(6, 0, 6), new(-6, 0, 6)];
        tx.Put("ground", new MeshElement(tx.AddBulk(Bytes(ground)), 4, tx.AddBulk(Bytes(new uint[] { 0, 2, 1, 0, 3, 2 })), 6, Material: "grey"));
        var (positions, indices) = Sphere(16, 32);
        tx.Put("ball", new MeshElement(tx.AddBulk(Bytes(positions)), positions.Length, tx.AddBulk(Bytes(indices)), indices.Length, Material: "grey"));
        tx.Put("grey", new MaterialElement(BaseColorFactor: [0.8f, 0.8f, 0.8f, 1], MetallicFactor: 0, RoughnessFactor: 1));
        tx.Put("bulb", new LightElement("point", [1, 1, 1], 100_000));
        tx.Put("lens", new CameraElement(YFov));
        tx.Put("i-ground", new InstanceElement("ground"));
        tx.Put("i-ball", new InstanceElement("ball", Columns(Matrix4x4.CreateTranslation(0, 1, 0))));
        tx.Put("i-bulb", new InstanceElement("bulb", Columns(Matrix4x4.CreateTranslation(4, 3, 0))));
        Matrix4x4.Invert(Matrix4x4.CreateLookAt(Eye, Vector3.Zero, Vector3.UnitY), out var cameraWorld);
        tx.Put(cameraName, new InstanceElement("lens", Columns(cameraWorld)));
        tx.Put("scene", new SceneRootElement(["i-ground", "i-ball", "i-bulb", cameraName], Camera: cameraName));
        await tx.CommitAsync();
    }

    /// <summary>The pixel a world point projects to (pinhole, image aspect, +Y up, pixel (0,0) top-left).</summary>
    public static (int X, int Y) Project(Vector3 world, int width, int height)
    {
        var view = Vector3.Transform(world, Matrix4x4.CreateLookAt(Eye, Vector3.Zero, Vector3.UnitY));
        var t = MathF.Tan(YFov / 2);
        var x = view.X / -view.Z / (t * width / height);
        var y = view.Y / -view.Z / t;
        return ((int)((x + 1) / 2 * width), (int)((1 - y) / 2 * height));
    }

    private static (Vector3[] Positions, uint[] Indices) Sphere(int rings, int segments)
    {
        var positions = new List<Vector3>();
        for (var r = 0; r <= rings; r++)
        {
            var theta = MathF.PI * r / rings;
            for (var s = 0; s <= segments; s++)
            {
                var phi = 2 * MathF.PI * s / segments;
                positions.Add(new Vector3(MathF.Sin(theta) * MathF.Cos(phi), MathF.Cos(theta), -MathF.Sin(theta) * MathF.Sin(phi)));
            }
        }

        var indices = new List<uint>();
        for (var r = 0; r < rings; r++)
        {
            for (var s = 0; s < segments; s++)
            {
                var a = (uint)((r * (segments + 1)) + s);
                var b = a + (uint)segments + 1;
                indices.AddRange([a, b, a + 1, a + 1, b, b + 1]);
            }
        }

        return ([.. positions], [.. indices]);
    }

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static float[] Columns(Matrix4x4 m) =>
        [m.M11, m.M12, m.M13, m.M14, m.M21, m.M22, m.M23, m.M24, m.M31, m.M32, m.M33, m.M34, m.M41, m.M42, m.M43, m.M44];
}
