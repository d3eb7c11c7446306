using System.Numerics;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Tests.Rendering;

/// <summary>Small scenes for the statistical render tests.</summary>
public static class TestScenes
{
    /// <summary>A sphere of each material in a row above a floor, under a constant environment of radiance 1.</summary>
    public static SceneDescription Furnace(params MaterialData[] materials)
    {
        var instances = materials.Select((_, i) => new InstanceData
        {
            Mesh = 0,
            Material = i,
            Transform = Matrix4x4.CreateTranslation((2.2f * i) - (1.1f * (materials.Length - 1)), 1f, 0f),
        }).Append(new InstanceData { Mesh = 1, Material = 0 });
        return new SceneDescription
        {
            Meshes = [ProceduralMeshes.Sphere("sphere", 24, 48), ProceduralMeshes.Plane("floor", 12f)],
            Materials = materials,
            Instances = [.. instances],
            Environment = new EnvironmentData { Color = Vector3.One },
            Camera = CameraData.LookAt(new Vector3(0f, 3f, 6f), new Vector3(0f, 0.8f, 0f), Vector3.UnitY, 0.9f),
        };
    }

    /// <summary>
    /// A floor, a glossy sphere, a rough metal sphere, a one-sided emissive quad light, a point light
    /// and a dim blue environment: every light path type at once.
    /// </summary>
    public static SceneDescription Mixed()
    {
        var quad = new MeshData
        {
            Id = "quad",
            Positions = [new(-0.6f, 0f, -0.6f), new(0.6f, 0f, -0.6f), new(0.6f, 0f, 0.6f), new(-0.6f, 0f, 0.6f)],
            Indices = [0, 1, 2, 0, 2, 3],
        };
        return new SceneDescription
        {
            Meshes = [ProceduralMeshes.Sphere("sphere", 16, 32), ProceduralMeshes.Plane("floor", 10f), quad],
            Materials =
            [
                new MaterialData { BaseColorFactor = new(0.7f, 0.7f, 0.7f, 1f), MetallicFactor = 0f, RoughnessFactor = 0.9f },
                new MaterialData { BaseColorFactor = new(0.9f, 0.3f, 0.2f, 1f), MetallicFactor = 0f, RoughnessFactor = 0.35f },
                new MaterialData { BaseColorFactor = new(0.9f, 0.8f, 0.5f, 1f), MetallicFactor = 1f, RoughnessFactor = 0.5f },
                new MaterialData { BaseColorFactor = new(0f, 0f, 0f, 1f), EmissiveFactor = new(1f, 0.9f, 0.8f), EmissiveStrength = 6f },
            ],
            Instances =
            [
                new InstanceData { Mesh = 1, Material = 0 },
                new InstanceData { Mesh = 0, Material = 1, Transform = Matrix4x4.CreateTranslation(-1f, 1f, 0f) },
                new InstanceData { Mesh = 0, Material = 2, Transform = Matrix4x4.CreateScale(0.8f) * Matrix4x4.CreateTranslation(1.1f, 0.8f, 0.3f) },
                // Flipped upside down so that its front face (counter-clockwise, +Y) points at the floor.
                new InstanceData { Mesh = 2, Material = 3, Transform = Matrix4x4.CreateRotationX(MathF.PI) * Matrix4x4.CreateTranslation(0f, 3f, 0.5f) },
            ],
            Lights = [new LightData { Kind = LightKind.Point, Intensity = 300f, Transform = Matrix4x4.CreateTranslation(2f, 3f, 2f) }],
            Environment = new EnvironmentData { Color = new(0.2f, 0.3f, 0.5f) },
            Camera = CameraData.LookAt(new Vector3(0f, 2.5f, 5f), new Vector3(0f, 0.8f, 0f), Vector3.UnitY, 0.9f),
        };
    }
}
