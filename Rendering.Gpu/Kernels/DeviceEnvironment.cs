using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// <c>EnvironmentLight</c> on the device: a constant radiance, or an equirectangular map (colour ×
/// intensity × texel, read linearly) turned by its rotation about +Y and importance-sampled by the CPU's
/// <c>Distribution2D</c> (luminance · sin θ per texel; the same CDFs, uploaded). Direction ↔ map:
/// u = 0.5 + atan2(x, −z)/2π, v = acos(y)/π.
/// </summary>
internal static class DeviceEnvironment
{
    public static Float3 Radiance(in DeviceScene scene, Float3 direction)
    {
        if (scene.EnvironmentMap < 0)
        {
            return scene.Environment;
        }

        var (u, v) = ToUv(scene, direction);
        return scene.Environment * DeviceTextures.SampleTexture(scene, scene.EnvironmentMap, u, v, srgb: false).Rgb;
    }

    public static Float3 Sample(in DeviceScene scene, float u1, float u2, out float pdf)
    {
        if (scene.EnvironmentMap < 0 || !(scene.EnvironmentIntegral > 0f))
        {
            pdf = DeviceWarp.UniformSpherePdf;
            return DeviceWarp.UniformSphere(u1, u2);
        }

        var width = scene.EnvironmentWidth;
        var height = scene.EnvironmentHeight;
        var row = Find(scene.EnvironmentMarginal, 0, height + 1, u2);
        var dv = Offset(scene.EnvironmentMarginal, 0, row, u2);
        var offset = row * (width + 1);
        var column = Find(scene.EnvironmentConditional, offset, width + 1, u1);
        var du = Offset(scene.EnvironmentConditional, offset, column, u1);
        var uvPdf = scene.EnvironmentFunction[(row * width) + column] / scene.EnvironmentIntegral;
        var direction = FromUv(scene, (column + du) / width, (row + dv) / height, out var sinTheta);
        pdf = sinTheta > 0f ? uvPdf / (2f * MathF.PI * MathF.PI * sinTheta) : 0f;
        return direction;
    }

    public static float Pdf(in DeviceScene scene, Float3 direction)
    {
        if (scene.EnvironmentMap < 0 || !(scene.EnvironmentIntegral > 0f))
        {
            return DeviceWarp.UniformSpherePdf;
        }

        var (u, v) = ToUv(scene, direction);
        var sinTheta = MathF.Sin(v * MathF.PI);
        var width = scene.EnvironmentWidth;
        var height = scene.EnvironmentHeight;
        var x = (int)(u * width);
        x = x < 0 ? 0 : x > width - 1 ? width - 1 : x;
        var y = (int)(v * height);
        y = y < 0 ? 0 : y > height - 1 ? height - 1 : y;
        var uvPdf = scene.EnvironmentFunction[(y * width) + x] / scene.EnvironmentIntegral;
        return sinTheta > 0f ? uvPdf / (2f * MathF.PI * MathF.PI * sinTheta) : 0f;
    }

    private static (float U, float V) ToUv(in DeviceScene scene, Float3 d)
    {
        var x = (scene.EnvironmentCos * d.X) - (scene.EnvironmentSin * d.Z);
        var z = (scene.EnvironmentSin * d.X) + (scene.EnvironmentCos * d.Z);
        var u = 0.5f + (MathF.Atan2(x, -z) / (2f * MathF.PI));
        var v = MathF.Acos(MathF.Max(-1f, MathF.Min(d.Y, 1f))) / MathF.PI;
        return (u, v);
    }

    private static Float3 FromUv(in DeviceScene scene, float u, float v, out float sinTheta)
    {
        var theta = v * MathF.PI;
        var phi = (u - 0.5f) * 2f * MathF.PI;
        sinTheta = MathF.Sin(theta);
        var x = sinTheta * MathF.Sin(phi);
        var z = -sinTheta * MathF.Cos(phi);
        return new Float3((scene.EnvironmentCos * x) + (scene.EnvironmentSin * z), MathF.Cos(theta), (-scene.EnvironmentSin * x) + (scene.EnvironmentCos * z));
    }

    /// <summary>The last index i in [0, length − 2] with cdf[i] ≤ u (<c>Distribution2D.Find</c>).</summary>
    private static int Find(ArrayView<float> cdf, int offset, int length, float u)
    {
        int lo = 0, hi = length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (cdf[offset + mid] <= u)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static float Offset(ArrayView<float> cdf, int offset, int i, float u)
    {
        var width = cdf[offset + i + 1] - cdf[offset + i];
        return width > 0f ? MathF.Max(0f, MathF.Min((u - cdf[offset + i]) / width, 0.99999994f)) : 0.5f;
    }
}
