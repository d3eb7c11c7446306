using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// What a light, or a cluster of lights, can deliver, bounded: where it is (a box), how strongly it emits
/// (<see cref="Phi"/>, the peak radiant intensity summed over the cluster, in W/sr by luminance), and
/// where it emits to (a cone of normals of half-angle θo around <see cref="Axis"/>, each emitting up to
/// θe beyond it). The importance at a receiving point bounds intensity · cos / d² from these, after
/// Conty Estevez and Kulla, "Importance Sampling of Many Lights with Adaptive Tree Splitting" (2018),
/// in the form of pbrt-v4's <c>LightBounds::Importance</c>.
/// </summary>
internal readonly struct LightBounds
{
    /// <summary>Box corner with the smallest coordinates.</summary>
    public readonly Vector3 Min;

    /// <summary>Box corner with the largest coordinates.</summary>
    public readonly Vector3 Max;

    /// <summary>Axis of the cone of emission normals.</summary>
    public readonly Vector3 Axis;

    /// <summary>Peak intensity (W/sr, luminance), summed over the cluster.</summary>
    public readonly float Phi;

    /// <summary>cos θo: spread of the normals around <see cref="Axis"/> (−1: every direction).</summary>
    public readonly float CosTheta0;

    /// <summary>cos θe: how far beyond its normal each emitter emits (0 for a Lambertian surface).</summary>
    public readonly float CosThetaE;

    /// <summary>Whether surfaces emit on both sides.</summary>
    public readonly bool TwoSided;

    /// <summary>Bounds from their parts.</summary>
    public LightBounds(Vector3 min, Vector3 max, Vector3 axis, float phi, float cosTheta0, float cosThetaE, bool twoSided)
    {
        Min = min;
        Max = max;
        Axis = axis;
        Phi = phi;
        CosTheta0 = cosTheta0;
        CosThetaE = cosThetaE;
        TwoSided = twoSided;
    }

    /// <summary>Centre of the box.</summary>
    public Vector3 Centroid => 0.5f * (Min + Max);

    /// <summary>The bounds of both clusters: box union, summed intensity, a cone holding both cones.</summary>
    public static LightBounds Union(in LightBounds a, in LightBounds b)
    {
        if (a.Phi <= 0f)
        {
            return b;
        }

        if (b.Phi <= 0f)
        {
            return a;
        }

        var (axis, cosTheta0) = UnionCones(a.Axis, a.CosTheta0, b.Axis, b.CosTheta0);
        return new LightBounds(
            Vector3.Min(a.Min, b.Min),
            Vector3.Max(a.Max, b.Max),
            axis,
            a.Phi + b.Phi,
            cosTheta0,
            MathF.Min(a.CosThetaE, b.CosThetaE),
            a.TwoSided || b.TwoSided);
    }

    /// <summary>
    /// An upper bound, up to a constant, of what the cluster contributes at <paramref name="p"/> on a surface
    /// with normal <paramref name="n"/> (zero vector: no surface): 0 only where no light of it can arrive.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Importance(Vector3 p, Vector3 n)
    {
        var centre = Centroid;
        var toPoint = p - centre;
        var d2 = toPoint.LengthSquared();
        var halfDiagonal = 0.5f * Vector3.Distance(Min, Max);

        // Inside (or next to) the box the distance says nothing; pbrt bounds it below like this.
        d2 = MathF.Max(d2, halfDiagonal);
        var distance = MathF.Sqrt(toPoint.LengthSquared());
        var wi = distance > 0f ? toPoint / distance : Vector3.UnitZ;

        var cosW = Vector3.Dot(Axis, wi);
        if (TwoSided)
        {
            cosW = MathF.Abs(cosW);
        }

        var sinW = SafeSqrt(1f - (cosW * cosW));

        // θb: the half-angle the box's bounding sphere subtends from p (everything when p is inside).
        var radius2 = halfDiagonal * halfDiagonal;
        var distance2 = toPoint.LengthSquared();
        var cosB = distance2 < radius2 ? -1f : SafeSqrt(1f - (radius2 / distance2));
        var sinB = SafeSqrt(1f - (cosB * cosB));

        // θ' = max(0, θw − θo − θb): the smallest angle between a normal of the cone and a direction to p.
        var sinO = SafeSqrt(1f - (CosTheta0 * CosTheta0));
        var cosX = CosSubClamped(sinW, cosW, sinO, CosTheta0);
        var sinX = SinSubClamped(sinW, cosW, sinO, CosTheta0);
        var cosThetaP = CosSubClamped(sinX, cosX, sinB, cosB);
        if (cosThetaP <= CosThetaE)
        {
            return 0f;
        }

        var importance = Phi * cosThetaP / d2;
        if (n != Vector3.Zero)
        {
            // The receiver's cosine, bounded the same way over the directions the box covers.
            var cosI = MathF.Abs(Vector3.Dot(wi, n));
            var sinI = SafeSqrt(1f - (cosI * cosI));
            importance *= CosSubClamped(sinI, cosI, sinB, cosB);
        }

        return MathF.Max(importance, 0f);
    }

    /// <summary>cos(max(0, a − b)) from the sines and cosines of a and b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float CosSubClamped(float sinA, float cosA, float sinB, float cosB) =>
        cosA > cosB ? 1f : (cosA * cosB) + (sinA * sinB);

    /// <summary>sin(max(0, a − b)) from the sines and cosines of a and b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SinSubClamped(float sinA, float cosA, float sinB, float cosB) =>
        cosA > cosB ? 0f : (sinA * cosB) - (cosA * sinB);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SafeSqrt(float x) => MathF.Sqrt(MathF.Max(0f, x));

    /// <summary>The smallest cone holding two cones (pbrt-v4's <c>Union(DirectionCone, DirectionCone)</c>).</summary>
    private static (Vector3 Axis, float CosTheta) UnionCones(Vector3 wa, float cosA, Vector3 wb, float cosB)
    {
        var thetaA = MathF.Acos(Math.Clamp(cosA, -1f, 1f));
        var thetaB = MathF.Acos(Math.Clamp(cosB, -1f, 1f));
        var thetaD = MathF.Acos(Math.Clamp(Vector3.Dot(wa, wb), -1f, 1f));
        if (MathF.Min(thetaD + thetaB, MathF.PI) <= thetaA)
        {
            return (wa, cosA);
        }

        if (MathF.Min(thetaD + thetaA, MathF.PI) <= thetaB)
        {
            return (wb, cosB);
        }

        var thetaO = 0.5f * (thetaA + thetaD + thetaB);
        if (thetaO >= MathF.PI)
        {
            return (wa, -1f);
        }

        var rotationAxis = Vector3.Cross(wa, wb);
        if (rotationAxis.LengthSquared() < 1e-12f)
        {
            return (wa, -1f);
        }

        var rotation = Quaternion.CreateFromAxisAngle(Vector3.Normalize(rotationAxis), thetaO - thetaA);
        return (Vector3.Normalize(Vector3.Transform(wa, rotation)), MathF.Cos(thetaO));
    }
}
