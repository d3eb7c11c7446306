using System.Numerics;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>Scene elements for adapter tests: a quad and a triangle mesh with their bulk data.</summary>
public static class AdapterScenes
{
    public static SceneAdapter NewAdapter() => new(new SkiaImageDecoder());

    /// <summary>A 2×2 quad in the xz plane (4 vertices, 6 indices), no normals.</summary>
    public static MeshElement Quad(TestBlobs blobs, string? material = null)
    {
        Vector3[] positions = [new(-1, 0, -1), new(1, 0, -1), new(1, 0, 1), new(-1, 0, 1)];
        uint[] indices = [0, 2, 1, 0, 3, 2];
        return new MeshElement(blobs.Add(positions), 4, blobs.Add(indices), 6, Material: material);
    }

    /// <summary>One triangle without indices.</summary>
    public static MeshElement Triangle(TestBlobs blobs) =>
        new(blobs.Add(new Vector3[] { new(0, 0, 0), new(1, 0, 0), new(0, 1, 0) }), 3);

    /// <summary>A column-major glTF matrix of a System.Numerics matrix (the same 16 floats in order).</summary>
    public static float[] Columns(Matrix4x4 m) =>
        [m.M11, m.M12, m.M13, m.M14, m.M21, m.M22, m.M23, m.M24, m.M31, m.M32, m.M33, m.M34, m.M41, m.M42, m.M43, m.M44];
}
