namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>One light sample: direction, distance (∞ for directional and environment), radiance and density.</summary>
internal struct DeviceLightSample
{
    public Float3 Wi;
    public float Distance;
    public Float3 Radiance;
    public float Pdf;
    public bool IsDelta;
    public bool IsEnvironment;
}

/// <summary>
/// Light sampling on the device: a light is picked as the CPU picks it, by importance at the shading
/// point (<see cref="DeviceLightTree"/>, the CPU's default) or by the power alias table
/// (<c>LightSelection.Power</c>), both uploaded from the CPU's light table, then sampled as <c>RenderScene.SampleLight</c>
/// does: punctual lights by <c>PunctualLight.Illuminate</c>, emissive triangles uniformly by area
/// (density converted to solid angle), the environment by <see cref="DeviceEnvironment"/>.
/// </summary>
internal static class DeviceLights
{
    public static bool Sample(in DeviceScene scene, Float3 p, Float3 n, float u1, float u2, float uPick, out DeviceLightSample sample)
    {
        sample = default;
        if (scene.LightCount == 0)
        {
            return false;
        }

        int entry;
        float pmf;
        if (scene.ByImportance != 0)
        {
            entry = DeviceLightTree.Pick(scene, uPick, p, n, out pmf);
        }
        else
        {
            var scaled = uPick * scene.LightCount;
            var bucket = (int)scaled;
            bucket = bucket < scene.LightCount - 1 ? bucket : scene.LightCount - 1;
            entry = scaled - bucket < scene.AliasProbability[bucket] ? bucket : scene.Alias[bucket];
            pmf = scene.Pmf[entry];
        }

        if (entry < 0 || pmf <= 0f)
        {
            return false;
        }

        if (entry < scene.PunctualCount)
        {
            sample.Radiance = Illuminate(scene.Punctual, DeviceScene.PunctualStride * entry, p, out sample.Wi, out sample.Distance);
            sample.Pdf = pmf;
            sample.IsDelta = true;
            return !sample.Radiance.IsZero;
        }

        if (entry == scene.EnvironmentEntry)
        {
            sample.Wi = DeviceEnvironment.Sample(scene, u1, u2, out var pdf);
            sample.Distance = float.PositiveInfinity;
            sample.Radiance = DeviceEnvironment.Radiance(scene, sample.Wi);
            sample.Pdf = pdf * pmf;
            sample.IsEnvironment = true;
            return sample.Pdf > 0f;
        }

        var t = DeviceScene.TriangleStride * (entry - scene.PunctualCount);
        var (b1, b2) = DeviceWarp.UniformTriangle(u1, u2);
        var point = Vec(scene.Triangles, t) + (b1 * Vec(scene.Triangles, t + 3)) + (b2 * Vec(scene.Triangles, t + 6));
        var solidAngle = SolidAnglePdf(scene.Triangles, t, p, point);
        if (solidAngle <= 0f)
        {
            return false;
        }

        var d = point - p;
        sample.Distance = d.Length();
        sample.Wi = d / sample.Distance;
        var triangle = entry - scene.PunctualCount;
        sample.Radiance = DeviceSurface.EmissionAt(scene, scene.TriangleRefs[2 * triangle], scene.TriangleRefs[(2 * triangle) + 1], b1, b2);
        sample.Pdf = solidAngle * pmf;
        return true;
    }

    /// <summary>Light-sampling density of reaching <paramref name="point"/> on emissive triangle <paramref name="primitive"/> of <paramref name="instance"/> from <paramref name="from"/> (normal <paramref name="fromNormal"/>).</summary>
    public static float EmitterPdf(in DeviceScene scene, int instance, int primitive, Float3 from, Float3 fromNormal, Float3 point)
    {
        var offset = scene.InstanceInts[(DeviceScene.InstanceIntStride * instance) + 3];
        if (offset < 0 || scene.LightCount == 0)
        {
            return 0f;
        }

        var entry = scene.EmitterEntries[offset + primitive];
        return Pmf(scene, entry, from, fromNormal) * SolidAnglePdf(scene.Triangles, DeviceScene.TriangleStride * (entry - scene.PunctualCount), from, point);
    }

    /// <summary>Light-sampling density of the environment in <paramref name="direction"/>, from <paramref name="from"/> (normal <paramref name="fromNormal"/>).</summary>
    public static float EnvironmentPdf(in DeviceScene scene, Float3 direction, Float3 from, Float3 fromNormal) =>
        scene.EnvironmentEntry >= 0 ? Pmf(scene, scene.EnvironmentEntry, from, fromNormal) * DeviceEnvironment.Pdf(scene, direction) : 0f;

    /// <summary>The probability that a pick at <paramref name="p"/> (normal <paramref name="n"/>) returns <paramref name="entry"/>.</summary>
    private static float Pmf(in DeviceScene scene, int entry, Float3 p, Float3 n) =>
        scene.ByImportance != 0 ? DeviceLightTree.Pmf(scene, entry, p, n) : scene.Pmf[entry];

    private static Float3 Illuminate(ILGPU.ArrayView<float> lights, int l, Float3 p, out Float3 wi, out float distance)
    {
        var kind = (int)lights[l];
        var direction = Vec(lights, l + 4);
        var intensity = Vec(lights, l + 7);
        if (kind == 2)
        {
            wi = -direction;
            distance = float.PositiveInfinity;
            return intensity;
        }

        var d = Vec(lights, l + 1) - p;
        var distanceSquared = Float3.Dot(d, d);
        distance = MathF.Sqrt(distanceSquared);
        wi = d / distance;
        var attenuation = 1f / distanceSquared;
        var range = lights[l + 12];
        if (range < float.PositiveInfinity)
        {
            var ratio = distance / range;
            var ratio2 = ratio * ratio;
            attenuation *= MathF.Max(0f, MathF.Min(1f - (ratio2 * ratio2), 1f));
        }

        if (kind == 1)
        {
            var s = MathF.Max(0f, MathF.Min((Float3.Dot(direction, -wi) * lights[l + 10]) + lights[l + 11], 1f));
            attenuation *= s * s;
        }

        return intensity * attenuation;
    }

    private static float SolidAnglePdf(ILGPU.ArrayView<float> triangles, int t, Float3 from, Float3 point)
    {
        var d = point - from;
        var distanceSquared = Float3.Dot(d, d);
        var cos = Float3.Dot(Vec(triangles, t + 9), -d) / MathF.Sqrt(distanceSquared);
        var twoSided = triangles[t + 13] != 0f;
        if (!twoSided && cos <= 0f)
        {
            return 0f;
        }

        var absCos = MathF.Abs(cos);
        var area = triangles[t + 12];
        return absCos > 0f && area > 0f ? distanceSquared / (absCos * area) : 0f;
    }

    public static Float3 Vec(ILGPU.ArrayView<float> view, int i) => new(view[i], view[i + 1], view[i + 2]);
}
