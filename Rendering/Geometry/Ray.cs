using System.Numerics;

namespace OrleansBridge.Rendering.Geometry;

/// <summary>
/// A ray: origin and direction. The direction need not be unit length; hit distances are measured in
/// multiples of it, which keeps them valid across instance transforms that scale.
/// </summary>
/// <param name="Origin">Start point.</param>
/// <param name="Direction">Direction (non-zero).</param>
public readonly record struct Ray(Vector3 Origin, Vector3 Direction)
{
    /// <summary>The point at parameter <paramref name="t"/>.</summary>
    public Vector3 At(float t) => Origin + (t * Direction);

    /// <summary>The ray seen in another space (for instances: world to object).</summary>
    public Ray Transform(in Matrix4x4 matrix) =>
        new(Vector3.Transform(Origin, matrix), Vector3.TransformNormal(Direction, matrix));
}
