using System.Numerics;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>
/// The camera of a scene that names none: it looks at the centre of the geometry's world bounds from
/// the front-right and above (direction (1, 0.6, 1.6) normalised, +Y up), far enough that the
/// bounding sphere fits the vertical field of view with 10% to spare.
/// </summary>
public static class DefaultCamera
{
    /// <summary>Vertical field of view of the default camera: about 45.8°.</summary>
    public const float YFov = 0.8f;

    /// <summary>Frames the world bounds of <paramref name="description"/>'s instances; an empty scene gets a camera at (0, 0, 5) looking down −Z.</summary>
    public static CameraData Frame(SceneDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var min = new Vector3(float.PositiveInfinity);
        var max = new Vector3(float.NegativeInfinity);
        var meshBounds = new (Vector3 Min, Vector3 Max)?[description.Meshes.Count];
        foreach (var instance in description.Instances)
        {
            var box = meshBounds[instance.Mesh] ??= Bounds(description.Meshes[instance.Mesh].Positions);
            for (var corner = 0; corner < 8; corner++)
            {
                var p = new Vector3((corner & 1) == 0 ? box.Min.X : box.Max.X, (corner & 2) == 0 ? box.Min.Y : box.Max.Y, (corner & 4) == 0 ? box.Min.Z : box.Max.Z);
                var world = Vector3.Transform(p, instance.Transform);
                min = Vector3.Min(min, world);
                max = Vector3.Max(max, world);
            }
        }

        if (!float.IsFinite(min.X) || !float.IsFinite(max.X))
        {
            return CameraData.LookAt(new Vector3(0, 0, 5), Vector3.Zero, Vector3.UnitY, YFov);
        }

        var centre = (min + max) * 0.5f;
        var radius = MathF.Max(0.5f * (max - min).Length(), 1e-3f);
        var distance = 1.1f * radius / MathF.Sin(0.5f * YFov);
        var eye = centre + (Vector3.Normalize(new Vector3(1f, 0.6f, 1.6f)) * distance);
        return CameraData.LookAt(eye, centre, Vector3.UnitY, YFov) with { ZNear = distance * 1e-4f, FocusDistance = distance };
    }

    private static (Vector3 Min, Vector3 Max) Bounds(Vector3[] positions)
    {
        var min = new Vector3(float.PositiveInfinity);
        var max = new Vector3(float.NegativeInfinity);
        foreach (var p in positions)
        {
            min = Vector3.Min(min, p);
            max = Vector3.Max(max, p);
        }

        return (min, max);
    }
}
