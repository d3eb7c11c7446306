namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>The warps of <c>Warp</c> the kernels need, on scalars.</summary>
internal static class DeviceWarp
{
    public const float UniformSpherePdf = 1f / (4f * MathF.PI);

    /// <summary>Shirley–Chiu concentric map of the unit square onto the unit disk.</summary>
    public static (float X, float Y) ConcentricDisk(float u1, float u2)
    {
        var ox = (2f * u1) - 1f;
        var oy = (2f * u2) - 1f;
        if (ox == 0f && oy == 0f)
        {
            return (0f, 0f);
        }

        float r, theta;
        if (MathF.Abs(ox) > MathF.Abs(oy))
        {
            r = ox;
            theta = MathF.PI / 4f * (oy / ox);
        }
        else
        {
            r = oy;
            theta = (MathF.PI / 2f) - (MathF.PI / 4f * (ox / oy));
        }

        return (r * MathF.Cos(theta), r * MathF.Sin(theta));
    }

    public static Float3 UniformSphere(float u1, float u2)
    {
        var z = 1f - (2f * u1);
        var r = MathF.Sqrt(MathF.Max(0f, 1f - (z * z)));
        var phi = 2f * MathF.PI * u2;
        return new Float3(r * MathF.Cos(phi), r * MathF.Sin(phi), z);
    }

    /// <summary>Uniform barycentrics (b1, b2) on a triangle.</summary>
    public static (float B1, float B2) UniformTriangle(float u1, float u2)
    {
        var s = MathF.Sqrt(u1);
        return (s * (1f - u2), s * u2);
    }

    /// <summary>Veach's power heuristic (β = 2).</summary>
    public static float PowerHeuristic(float f, float g)
    {
        if (float.IsInfinity(f))
        {
            return 1f;
        }

        var f2 = f * f;
        var sum = f2 + (g * g);
        return sum > 0f ? f2 / sum : 0f;
    }

    /// <summary>Wächter and Binder's offset of a ray origin along the geometric normal (<c>RayOffset</c>).</summary>
    public static Float3 Offset(Float3 p, Float3 n) => new(Offset(p.X, n.X), Offset(p.Y, n.Y), Offset(p.Z, n.Z));

    private static float Offset(float p, float n)
    {
        if (MathF.Abs(p) < 1f / 32f)
        {
            return p + (n / 65536f);
        }

        var ulps = (int)(256f * n);
        var bits = (int)ILGPU.Interop.FloatAsInt(p);
        return ILGPU.Interop.IntAsFloat((uint)(bits + (p < 0f ? -ulps : ulps)));
    }
}
