using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using OrleansBridge.Rendering.Geometry;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Per-ray constants of the slab test: the origin, the reciprocal direction (components of exactly 0
/// replaced by ±1e-20 so that no 0·∞ arises), and per axis which box plane is the near one. Broadcast
/// copies serve the 4-wide test.
/// </summary>
internal readonly struct BoxRay
{
    /// <summary>
    /// Far distances are scaled by 1 + 2γ₃ so that rounding in the slab test never culls a box the ray
    /// really touches (Ize, "Robust BVH Ray Traversal", JCGT 2(2), 2013).
    /// </summary>
    public const float RobustFar = 1.0000004f;

    /// <summary>Ray origin.</summary>
    public readonly Vector3 Origin;

    /// <summary>Component-wise 1 / direction.</summary>
    public readonly Vector3 InverseDirection;

    /// <summary>Near plane index per axis in <see cref="Bvh4Planes"/> order (0..2 for +, 3..5 for −).</summary>
    public readonly int NearX, NearY, NearZ;

    /// <summary>Broadcast origin components.</summary>
    public readonly Vector128<float> OriginX, OriginY, OriginZ;

    /// <summary>Broadcast reciprocal direction components.</summary>
    public readonly Vector128<float> InverseX, InverseY, InverseZ;

    /// <summary>Precomputes the constants of <paramref name="ray"/>.</summary>
    public BoxRay(in Ray ray)
    {
        Origin = ray.Origin;
        InverseDirection = new Vector3(Reciprocal(ray.Direction.X), Reciprocal(ray.Direction.Y), Reciprocal(ray.Direction.Z));
        NearX = InverseDirection.X >= 0f ? 0 : 3;
        NearY = InverseDirection.Y >= 0f ? 1 : 4;
        NearZ = InverseDirection.Z >= 0f ? 2 : 5;
        OriginX = Vector128.Create(Origin.X);
        OriginY = Vector128.Create(Origin.Y);
        OriginZ = Vector128.Create(Origin.Z);
        InverseX = Vector128.Create(InverseDirection.X);
        InverseY = Vector128.Create(InverseDirection.Y);
        InverseZ = Vector128.Create(InverseDirection.Z);
    }

    /// <summary>Entry distance into the box if the ray meets it before <paramref name="tMax"/>, else +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Enter(Vector3 min, Vector3 max, float tMax)
    {
        var t0 = (min - Origin) * InverseDirection;
        var t1 = (max - Origin) * InverseDirection;
        var near = Vector3.Min(t0, t1);
        var far = Vector3.Max(t0, t1);
        var tNear = MathF.Max(MathF.Max(near.X, near.Y), MathF.Max(near.Z, 0f));
        var tFar = MathF.Min(MathF.Min(far.X, far.Y), far.Z) * RobustFar;
        return tNear <= MathF.Min(tFar, tMax) ? tNear : float.PositiveInfinity;
    }

    private static float Reciprocal(float d) => 1f / (d == 0f ? MathF.CopySign(1e-20f, d) : d);
}
