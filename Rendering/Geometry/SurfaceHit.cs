namespace OrleansBridge.Rendering.Geometry;

/// <summary>
/// The closest hit found so far along a ray: distance, barycentrics and which triangle of which
/// instance. Filled in place by traversal; <see cref="Instance"/> is -1 while nothing is hit.
/// </summary>
public struct SurfaceHit
{
    /// <summary>Ray parameter of the hit (the search limit while none is found).</summary>
    public float T { get; set; }

    /// <summary>Barycentric weight of the triangle's second vertex.</summary>
    public float U { get; set; }

    /// <summary>Barycentric weight of the triangle's third vertex.</summary>
    public float V { get; set; }

    /// <summary>Index of the hit instance, or -1.</summary>
    public int Instance { get; set; }

    /// <summary>Index of the hit triangle within its mesh.</summary>
    public int Primitive { get; set; }

    /// <summary>True when something was hit.</summary>
    public readonly bool IsHit => Instance >= 0;

    /// <summary>No hit yet; search up to <paramref name="tMax"/>.</summary>
    public static SurfaceHit Miss(float tMax) => new() { T = tMax, Instance = -1, Primitive = -1 };
}
