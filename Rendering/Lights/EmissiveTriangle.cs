using System.Numerics;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// One triangle of an emissive instance as an area light, in world space. Sampled uniformly by area;
/// densities are converted to solid angle at the receiving point. Emits from its front face (counter-
/// clockwise winding, after the instance transform) and, for double-sided materials, from both.
/// </summary>
internal readonly struct EmissiveTriangle
{
    /// <summary>First vertex (world).</summary>
    public readonly Vector3 P0;

    /// <summary>Edge to the second vertex.</summary>
    public readonly Vector3 Edge1;

    /// <summary>Edge to the third vertex.</summary>
    public readonly Vector3 Edge2;

    /// <summary>Unit geometric normal of the front face.</summary>
    public readonly Vector3 Normal;

    /// <summary>World-space area.</summary>
    public readonly float Area;

    /// <summary>Instance the triangle belongs to.</summary>
    public readonly int Instance;

    /// <summary>Triangle index within the instance's mesh.</summary>
    public readonly int Primitive;

    /// <summary>Whether the back face emits too.</summary>
    public readonly bool TwoSided;

    /// <summary>Builds the light from world-space vertices.</summary>
    public EmissiveTriangle(Vector3 p0, Vector3 p1, Vector3 p2, int instance, int primitive, bool twoSided)
    {
        P0 = p0;
        Edge1 = p1 - p0;
        Edge2 = p2 - p0;
        var cross = Vector3.Cross(Edge1, Edge2);
        var length = cross.Length();
        Area = 0.5f * length;
        Normal = length > 0f ? cross / length : Vector3.UnitZ;
        Instance = instance;
        Primitive = primitive;
        TwoSided = twoSided;
    }

    /// <summary>The point at barycentrics (b1, b2).</summary>
    public Vector3 PointAt(Vector2 b) => P0 + (b.X * Edge1) + (b.Y * Edge2);

    /// <summary>
    /// Converts the area density 1/Area at a point seen from <paramref name="from"/> into solid angle;
    /// 0 when the point shows its non-emitting side or lies edge-on.
    /// </summary>
    public float SolidAnglePdf(Vector3 from, Vector3 point)
    {
        var d = point - from;
        var distanceSquared = d.LengthSquared();
        var cos = Vector3.Dot(Normal, -d) / MathF.Sqrt(distanceSquared);
        if (!TwoSided && cos <= 0f)
        {
            return 0f;
        }

        var absCos = MathF.Abs(cos);
        return absCos > 0f && Area > 0f ? distanceSquared / (absCos * Area) : 0f;
    }
}
