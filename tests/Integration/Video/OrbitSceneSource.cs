using System.Numerics;
using Orleans;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene;
using OrleansBridge.Video;

namespace OrleansBridge.Tests.Video;

/// <summary>
/// A scene source for video tests that do not exercise the scene adapter: a fixed floor, box and light,
/// seen by a camera that orbits 20° per committed version of the session's scene, so any commit is a
/// camera edit and the frame that reflects it can be told apart.
/// </summary>
public sealed class OrbitSceneSource(IGrainFactory grains) : IVideoSceneSource
{
    private static readonly RenderScene Scene = RenderScene.Build(Description());

    public async Task<VideoSceneResult> LoadAsync(string sessionId, string application, string? camera, CancellationToken cancellationToken)
    {
        var head = await grains.GetGrain<ISceneGrain>(SceneKeys.For(sessionId, application)).GetHeadAsync();
        return VideoSceneResult.Ok(new VideoScene(Scene, CameraAt(head.Version), head.Version, ToneMapping.Standard, 0));
    }

    public static CameraData CameraAt(long version)
    {
        var angle = version * MathF.PI / 9;
        return CameraData.LookAt(new Vector3(4 * MathF.Sin(angle), 2.5f, 4 * MathF.Cos(angle)), Vector3.Zero, Vector3.UnitY, 0.8f);
    }

    private static SceneDescription Description()
    {
        var floor = new MeshData
        {
            Id = "floor",
            Positions = [new(-5, 0, -5), new(5, 0, -5), new(5, 0, 5), new(-5, 0, 5)],
            Indices = [0, 2, 1, 0, 3, 2],
        };
        Vector3[] corners = [new(-1, 0, -1), new(1, 0, -1), new(1, 0, 1), new(-1, 0, 1), new(-1, 2, -1), new(1, 2, -1), new(1, 2, 1), new(-1, 2, 1)];
        var box = new MeshData
        {
            Id = "box",
            Positions = corners,
            Indices = [0, 1, 2, 0, 2, 3, 4, 6, 5, 4, 7, 6, 0, 4, 5, 0, 5, 1, 1, 5, 6, 1, 6, 2, 2, 6, 7, 2, 7, 3, 3, 7, 4, 3, 4, 0],
        };
        return new SceneDescription
        {
            Meshes = [floor, box],
            Materials = [new MaterialData { BaseColorFactor = new(0.8f, 0.8f, 0.8f, 1), MetallicFactor = 0 }, new MaterialData { BaseColorFactor = new(0.9f, 0.2f, 0.1f, 1), MetallicFactor = 0, RoughnessFactor = 0.4f }],
            Instances = [new InstanceData { Mesh = 0, Material = 0 }, new InstanceData { Mesh = 1, Material = 1, Transform = Matrix4x4.CreateScale(0.6f) }],
            Lights = [new LightData { Kind = LightKind.Point, Intensity = 3000, Transform = Matrix4x4.CreateTranslation(2, 4, 3) }],
            Environment = new EnvironmentData { Color = new(0.4f, 0.5f, 0.7f), Intensity = 0.5f },
        };
    }
}
