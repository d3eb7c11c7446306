using ILGPU;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// The megakernel: one thread per pixel runs <see cref="FrameParameters.Samples"/> whole paths (camera
/// ray, every bounce, next-event estimation, MIS, Russian roulette, the firefly clamps and glossy
/// filter) exactly as <c>PathIntegrator.Li</c> orders them, adding each finite sample to the pixel's
/// running sum (and its square to the sum of squares, for standard errors) on the device and counting
/// the rejected ones. Samples are summed in index order by the
/// pixel's one thread, as the CPU film does, so a device's image depends on the seed and the sample
/// count alone, not on how the samples were split into launches or passes.
/// </summary>
internal static class PathKernel
{
    /// <summary>Shadow rays to a point stop this fraction short of it (<c>PathIntegrator</c>'s ShadowEpsilon).</summary>
    private const float ShadowEpsilon = 1e-4f;

    /// <summary>
    /// Floats per pixel of the feature sums, the CPU film's layout: first-hit albedo (3), shading normal (3),
    /// luminance² of the finite samples less their direct part, the direct part (3), its luminance², and the
    /// normal's squared length (1 for a hit, 0 for an escaped ray).
    /// </summary>
    public const int FeatureStride = 12;

    public static void Render(Index1D index, DeviceScene scene, FrameParameters frame, ArrayView<float> sums, ArrayView<float> squares, ArrayView<int> rejected, ArrayView<float> features)
    {
        var x = index % frame.Width;
        var y = index / frame.Width;
        var sum = new Float3(sums[3 * index], sums[(3 * index) + 1], sums[(3 * index) + 2]);
        var square = new Float3(squares[3 * index], squares[(3 * index) + 1], squares[(3 * index) + 2]);
        var dropped = rejected[index];
        var f = FeatureStride * index;
        var albedoSum = frame.Features != 0 ? DeviceLights.Vec(features, f) : Float3.Zero;
        var normalSum = frame.Features != 0 ? DeviceLights.Vec(features, f + 3) : Float3.Zero;
        var luminanceSquared = frame.Features != 0 ? features[f + 6] : 0f;
        var directSum = frame.Features != 0 ? DeviceLights.Vec(features, f + 7) : Float3.Zero;
        var directSquared = frame.Features != 0 ? features[f + 10] : 0f;
        var normalSquared = frame.Features != 0 ? features[f + 11] : 0f;
        for (var n = frame.FirstSample; n < frame.FirstSample + frame.Samples; n++)
        {
            var sampler = new DeviceSampler(frame.Seed, x, y, n);
            var ray = CameraRay(frame, x, y, ref sampler, scene);
            var albedo = Float3.One;
            var normal = Float3.Zero;
            var direct = Float3.Zero;
            var radiance = Li(scene, frame, ray, ref sampler, ref albedo, ref normal, ref direct);
            albedoSum += albedo;
            normalSum += normal;
            normalSquared += Float3.Dot(normal, normal);
            if (float.IsFinite(radiance.X) && float.IsFinite(radiance.Y) && float.IsFinite(radiance.Z))
            {
                sum += radiance;
                square += radiance * radiance;
                var directLuminance = direct.Luminance;
                var rest = radiance.Luminance - directLuminance;
                luminanceSquared += rest * rest;
                directSquared += directLuminance * directLuminance;
                directSum += direct;
            }
            else
            {
                dropped++;
            }
        }

        sums[3 * index] = sum.X;
        sums[(3 * index) + 1] = sum.Y;
        sums[(3 * index) + 2] = sum.Z;
        squares[3 * index] = square.X;
        squares[(3 * index) + 1] = square.Y;
        squares[(3 * index) + 2] = square.Z;
        rejected[index] = dropped;
        if (frame.Features != 0)
        {
            features[f] = albedoSum.X;
            features[f + 1] = albedoSum.Y;
            features[f + 2] = albedoSum.Z;
            features[f + 3] = normalSum.X;
            features[f + 4] = normalSum.Y;
            features[f + 5] = normalSum.Z;
            features[f + 6] = luminanceSquared;
            features[f + 7] = directSum.X;
            features[f + 8] = directSum.Y;
            features[f + 9] = directSum.Z;
            features[f + 10] = directSquared;
            features[f + 11] = normalSquared;
        }
    }

    /// <summary><c>PerspectiveCamera.GenerateRay</c>: film position from the first group's X, Y through the pixel filter, the lens from Z, W.</summary>
    private static DeviceRay CameraRay(in FrameParameters frame, int px, int py, ref DeviceSampler sampler, in DeviceScene scene)
    {
        var u = sampler.Next4D(scene.Sobol);
        var filmX = px + 0.5f + FilterOffset(scene.PixelFilter, u.X, frame.PixelFilter);
        var filmY = py + 0.5f + FilterOffset(scene.PixelFilter, u.Y, frame.PixelFilter);
        var x = ((2f * filmX / frame.Width) - 1f) * frame.TanHalfX;
        var y = (1f - (2f * filmY / frame.Height)) * frame.TanHalfY;
        var direction = new Float3(x, y, -1f);
        var origin = Float3.Zero;
        if (frame.LensRadius > 0f)
        {
            var (lx, ly) = DeviceWarp.ConcentricDisk(u.Z, u.W);
            origin = new Float3(frame.LensRadius * lx, frame.LensRadius * ly, 0f);
            direction = (frame.FocusDistance * direction) - origin;
        }

        var world = Float3.Normalize((direction.X * frame.CameraRight) + (direction.Y * frame.CameraUp) + (direction.Z * frame.CameraBack));
        var start = frame.CameraPosition + (origin.X * frame.CameraRight) + (origin.Y * frame.CameraUp);
        var depth = -Float3.Dot(world, frame.CameraBack);
        return new DeviceRay(start + (world * (frame.ZNear / MathF.Max(depth, 1e-6f))), world);
    }

    /// <summary><c>PixelFilter.Offset</c> on the uploaded table: the same lookup and float operations.</summary>
    private static float FilterOffset(ArrayView<float> table, float u, float width)
    {
        if (width <= 0f)
        {
            return u - 0.5f;
        }

        var f = u * (table.IntLength - 1);
        var i = Math.Min((int)f, table.IntLength - 2);
        var t = f - i;
        return (table[i] + (t * (table[i + 1] - table[i]))) * (2f * width);
    }

    /// <summary>
    /// <c>PathIntegrator.Li</c>: radiance along a camera ray; the first hit's base colour and shading
    /// normal go into <paramref name="albedo"/> and <paramref name="normal"/> (left at 1 and 0 when the ray escapes),
    /// the light that scattered at most once also into <paramref name="direct"/> (<c>SampleFeatures.Direct</c>).
    /// </summary>
    private static Float3 Li(in DeviceScene scene, in FrameParameters frame, DeviceRay ray, ref DeviceSampler sampler, ref Float3 albedo, ref Float3 normal, ref Float3 direct)
    {
        var radiance = Float3.Zero;
        var throughput = Float3.One;
        var current = ray;
        var bsdfPdf = 0f;
        var previous = ray.Origin;
        var previousNormal = Float3.Zero;
        var occlusion = 1f;
        var minPdf = float.PositiveInfinity;
        for (var depth = 0; ; depth++)
        {
            var hit = DeviceHit.Miss(float.PositiveInfinity);
            if (!DeviceTraversal.Trace(scene, current, ref hit, anyHit: false))
            {
                if (depth == 0 && scene.HasBackground != 0)
                {
                    var seen = Clamp(frame, scene.Background, depth);
                    radiance += seen;
                    direct += seen;
                    break;
                }

                var environment = scene.EnvironmentEntry >= 0 ? DeviceEnvironment.Radiance(scene, current.Direction) : Float3.Zero;
                if (!environment.IsZero)
                {
                    var weight = depth == 0 ? 1f : DeviceWarp.PowerHeuristic(bsdfPdf, DeviceLights.EnvironmentPdf(scene, current.Direction, previous, previousNormal));
                    var arriving = Clamp(frame, throughput * environment * (weight * occlusion), depth - 1);
                    radiance += arriving;
                    if (depth <= 1)
                    {
                        direct += arriving;
                    }
                }

                break;
            }

            var si = DeviceSurface.Shade(scene, current, hit);
            if (depth == 0)
            {
                albedo = si.BaseColor;
                normal = si.N;
            }

            if (!si.Emission.IsZero)
            {
                var weight = depth == 0 ? 1f : DeviceWarp.PowerHeuristic(bsdfPdf, DeviceLights.EmitterPdf(scene, hit.Instance, hit.Primitive, previous, previousNormal, si.Position));
                var emitted = Clamp(frame, throughput * si.Emission * weight, depth - 1);
                radiance += emitted;
                if (depth <= 1)
                {
                    direct += emitted;
                }
            }

            if (depth >= frame.MaxBounces)
            {
                break;
            }

            var m = DeviceScene.MaterialStride * si.Material;
            var bsdf = DeviceBsdf.FromMaterial(scene.GgxEnergy, si.BaseColor, si.Metallic, si.Roughness, DeviceLights.Vec(scene.Materials, m + 5), scene.Materials[m + 8], BlurAlpha(frame, minPdf), frame.Principled != 0);
            var wo = si.ToLocal(-current.Direction);
            var origin = DeviceWarp.Offset(si.Position, si.GeometricNormal);
            var ul = sampler.Next4D(scene.Sobol);
            var lit = Clamp(frame, throughput * SampleDirect(scene, si, bsdf, wo, origin, ul), depth);
            radiance += lit;
            if (depth == 0)
            {
                direct += lit;
            }

            var u = sampler.Next4D(scene.Sobol);
            if (!bsdf.Sample(wo, u.Z, u.X, u.Y, out var wiLocal, out var f, out bsdfPdf))
            {
                break;
            }

            var wi = si.ToWorld(wiLocal);
            if (Float3.Dot(wi, si.GeometricNormal) <= 0f)
            {
                // The shading frame and the geometric surface disagree on the side: no light goes there.
                break;
            }

            throughput *= f * (MathF.Abs(wiLocal.Z) / bsdfPdf);
            occlusion = si.Occlusion;
            previous = si.Position;
            previousNormal = si.GeometricNormal;
            minPdf = MathF.Min(minPdf, bsdfPdf);
            current = new DeviceRay(origin, wi);
            if (depth + 1 >= frame.RussianRouletteStart)
            {
                var survive = MathF.Min(1f, MathF.Sqrt(throughput.MaxComponent)); // PathIntegrator.SurvivalProbability
                if (u.W >= survive)
                {
                    break;
                }

                throughput /= survive;
            }
        }

        return radiance;
    }

    private static Float3 SampleDirect(in DeviceScene scene, in DeviceSurface si, in DeviceBsdf bsdf, Float3 wo, Float3 origin, Sample4 u)
    {
        if (!DeviceLights.Sample(scene, si.Position, si.GeometricNormal, u.X, u.Y, u.Z, out var light))
        {
            return Float3.Zero;
        }

        // No transmission in the supported subset: light from behind the surface is black.
        var wiLocal = si.ToLocal(light.Wi);
        if (Float3.Dot(light.Wi, si.GeometricNormal) <= 0f || wiLocal.Z <= 0f)
        {
            return Float3.Zero;
        }

        var f = bsdf.Evaluate(wo, wiLocal) * MathF.Abs(wiLocal.Z);
        if (f.IsZero)
        {
            return Float3.Zero;
        }

        var shadow = DeviceHit.Miss(float.PositiveInfinity);
        DeviceRay ray;
        if (float.IsPositiveInfinity(light.Distance))
        {
            ray = new DeviceRay(origin, light.Wi);
        }
        else
        {
            ray = new DeviceRay(origin, (si.Position + (light.Wi * light.Distance)) - origin);
            shadow.T = 1f - ShadowEpsilon;
        }

        if (DeviceTraversal.Trace(scene, ray, ref shadow, anyHit: true))
        {
            return Float3.Zero;
        }

        var weight = light.IsDelta ? 1f : DeviceWarp.PowerHeuristic(light.Pdf, bsdf.Pdf(wo, wiLocal));
        return f * light.Radiance * (weight / light.Pdf * (light.IsEnvironment ? si.Occlusion : 1f));
    }

    /// <summary>Cycles' clamp of one contribution: the RGB sum bounded, hue kept (<c>PathIntegrator.Clamp</c>).</summary>
    private static Float3 Clamp(in FrameParameters frame, Float3 contribution, int bounce)
    {
        var limit = bounce > 0 ? frame.ClampIndirect : frame.ClampDirect;
        if (limit > 0f)
        {
            var sum = MathF.Abs(contribution.X) + MathF.Abs(contribution.Y) + MathF.Abs(contribution.Z);
            if (sum > limit)
            {
                return contribution * (limit / sum);
            }
        }

        return contribution;
    }

    /// <summary>The glossy filter's smallest α after a path whose least likely sample had density <paramref name="minPdf"/>.</summary>
    private static float BlurAlpha(in FrameParameters frame, float minPdf)
    {
        if (frame.FilterGlossy <= 0f)
        {
            return 0f;
        }

        var blurPdf = minPdf / frame.FilterGlossy;
        return blurPdf < 1f ? 0.5f * MathF.Sqrt(1f - blurPdf) : 0f;
    }
}
