using System.Numerics;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Tests.Rendering;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// The procedural scenes of the render bench: a sine-noise terrain (one big mesh) with a field of
/// instanced spheres (one small mesh placed many times), a point light and a sky.
/// </summary>
internal static class BenchScenes
{
    /// <summary>Terrain quads per side, sphere rings, sphere instances: ~250k or ~1M triangles in all.</summary>
    public static SceneDescription Create(string size) => size switch
    {
        "250k" => Build(256, 32, 30),
        "1m" => Build(512, 64, 30),
        _ => throw new ArgumentException($"Unknown scene size '{size}' (250k or 1m)."),
    };

    private static SceneDescription Build(int terrainQuads, int rings, int spheres)
    {
        static float Height(float x, float z) =>
            (0.6f * MathF.Sin(0.7f * x) * MathF.Cos(0.5f * z)) + (0.15f * MathF.Sin(3.1f * x + 1f) * MathF.Sin(2.3f * z)) + (0.05f * MathF.Sin(11f * x) * MathF.Cos(13f * z));

        var terrain = ProceduralMeshes.Terrain($"terrain-{terrainQuads}", 40f, terrainQuads, Height);
        var sphere = ProceduralMeshes.Sphere($"sphere-{rings}", rings, 2 * rings);
        var random = new Random(1);
        var instances = new List<InstanceData> { new() { Mesh = 0, Material = 0 } };
        for (var i = 0; i < spheres; i++)
        {
            var x = (random.NextSingle() * 24f) - 12f;
            var z = (random.NextSingle() * 24f) - 16f;
            var r = 0.4f + random.NextSingle();
            instances.Add(new InstanceData { Mesh = 1, Material = 1 + (i % 3), Transform = Matrix4x4.CreateScale(r) * Matrix4x4.CreateTranslation(x, Height(x, z) + r, z) });
        }

        return new SceneDescription
        {
            Meshes = [terrain, sphere],
            Materials =
            [
                new MaterialData { BaseColorFactor = new(0.45f, 0.4f, 0.3f, 1f), MetallicFactor = 0f, RoughnessFactor = 0.9f },
                new MaterialData { BaseColorFactor = new(0.9f, 0.2f, 0.1f, 1f), MetallicFactor = 0f, RoughnessFactor = 0.3f },
                new MaterialData { BaseColorFactor = new(0.95f, 0.9f, 0.8f, 1f), MetallicFactor = 1f, RoughnessFactor = 0.2f },
                new MaterialData { BaseColorFactor = new(0.2f, 0.5f, 0.9f, 1f), MetallicFactor = 0f, RoughnessFactor = 0.6f },
            ],
            Instances = instances,
            Lights = [new LightData { Kind = LightKind.Point, Intensity = 20_000f, Transform = Matrix4x4.CreateTranslation(4f, 12f, 2f) }],
            Environment = new EnvironmentData { Color = new(0.5f, 0.6f, 0.8f) },
            Camera = CameraData.LookAt(new Vector3(0f, 6f, 14f), new Vector3(0f, 0f, -4f), Vector3.UnitY, 0.9f),
        };
    }
}
