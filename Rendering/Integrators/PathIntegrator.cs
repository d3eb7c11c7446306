using System.Numerics;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Shading;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// Unidirectional path tracing with next-event estimation and multiple importance sampling (Veach
/// 1997, power heuristic): at every vertex one light sample and one BSDF sample, each weighted against
/// the other strategy's density; delta lights take the light sample alone. Russian roulette ends paths
/// from <see cref="RussianRouletteStart"/> bounces on, with survival probability max(throughput).
/// </summary>
public sealed class PathIntegrator : ImageTileIntegrator
{
    /// <summary>Shadow rays to a point stop this fraction short of it, so they do not hit the light itself.</summary>
    private const float ShadowEpsilon = 1e-4f;

    private readonly PathSampling _sampling;

    /// <summary>A path tracer over <paramref name="scene"/>.</summary>
    public PathIntegrator(RenderScene scene, int maxBounces = 8, int russianRouletteStart = 3)
        : this(scene, maxBounces, russianRouletteStart, PathSampling.MultipleImportance)
    {
    }

    /// <summary>A path tracer restricted to some strategies (tests compare them).</summary>
    internal PathIntegrator(RenderScene scene, int maxBounces, int russianRouletteStart, PathSampling sampling)
        : base(scene)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBounces, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(russianRouletteStart, 1);
        MaxBounces = maxBounces;
        RussianRouletteStart = russianRouletteStart;
        _sampling = sampling;
    }

    /// <summary>Most scattering events on a path.</summary>
    public int MaxBounces { get; }

    /// <summary>Bounces after which Russian roulette may end a path.</summary>
    public int RussianRouletteStart { get; }

    /// <inheritdoc />
    protected internal override Vector3 Li(in Ray ray, ref SampleStream sampler)
    {
        var scene = Scene;
        var radiance = Vector3.Zero;
        var throughput = Vector3.One;
        var current = ray;
        var bsdfPdf = 0f;
        var occlusion = 1f;
        var previous = current.Origin;
        for (var depth = 0; ; depth++)
        {
            var hit = SurfaceHit.Miss(float.PositiveInfinity);
            if (!scene.Intersect(current, ref hit))
            {
                if (depth == 0 && scene.Background is { } background)
                {
                    radiance += background;
                    break;
                }

                var environment = scene.EnvironmentRadiance(current.Direction);
                if (environment != Vector3.Zero)
                {
                    var weight = depth == 0 ? 1f : BsdfWeight(bsdfPdf, scene.EnvironmentPdf(current.Direction));
                    radiance += throughput * environment * (weight * occlusion);
                }

                break;
            }

            scene.Shade(current, hit, out var si);
            if (si.Emission != Vector3.Zero)
            {
                var weight = depth == 0 ? 1f : BsdfWeight(bsdfPdf, scene.EmitterPdf(hit.Instance, hit.Primitive, previous, si.Position));
                radiance += throughput * si.Emission * weight;
            }

            if (depth >= MaxBounces)
            {
                break;
            }

            var bsdf = new GltfBsdf(si.BaseColor, si.Metallic, si.Roughness);
            var wo = si.Shading.ToLocal(-current.Direction);
            var origin = RayOffset.Offset(si.Position, si.GeometricNormal);
            radiance += throughput * SampleDirect(si, bsdf, wo, origin, ref sampler);

            if (!bsdf.Sample(wo, sampler.Next(), sampler.Next2D(), out var wiLocal, out var f, out bsdfPdf))
            {
                break;
            }

            var wi = si.Shading.ToWorld(wiLocal);
            if (Vector3.Dot(wi, si.GeometricNormal) <= 0f)
            {
                // The shading frame let the sample through the geometric surface: no light goes there.
                break;
            }

            throughput *= f * (wiLocal.Z / bsdfPdf);
            occlusion = si.Occlusion;
            previous = si.Position;
            current = new Ray(origin, wi);

            if (depth + 1 >= RussianRouletteStart)
            {
                var survive = MathF.Min(1f, MathF.Max(throughput.X, MathF.Max(throughput.Y, throughput.Z)));
                if (sampler.Next() >= survive)
                {
                    break;
                }

                throughput /= survive;
            }
        }

        return radiance;
    }

    /// <summary>One light sample at the vertex, MIS-weighted against BSDF sampling, shadow ray included.</summary>
    private Vector3 SampleDirect(in SurfaceInteraction si, in GltfBsdf bsdf, Vector3 wo, Vector3 origin, ref SampleStream sampler)
    {
        var scene = Scene;
        if (!scene.SampleLight(si.Position, ref sampler, out var light) || (!light.IsDelta && _sampling == PathSampling.BsdfOnly))
        {
            return Vector3.Zero;
        }

        if (Vector3.Dot(light.Wi, si.GeometricNormal) <= 0f)
        {
            return Vector3.Zero;
        }

        var wiLocal = si.Shading.ToLocal(light.Wi);
        var f = bsdf.Evaluate(wo, wiLocal) * wiLocal.Z;
        if (f == Vector3.Zero)
        {
            return Vector3.Zero;
        }

        var occluded = float.IsPositiveInfinity(light.Distance)
            ? scene.Occluded(new Ray(origin, light.Wi), float.PositiveInfinity)
            : scene.Occluded(new Ray(origin, (si.Position + (light.Wi * light.Distance)) - origin), 1f - ShadowEpsilon);
        if (occluded)
        {
            return Vector3.Zero;
        }

        var weight = light.IsDelta || _sampling == PathSampling.LightOnly ? 1f : Warp.PowerHeuristic(light.Pdf, bsdf.Pdf(wo, wiLocal));
        var scale = weight / light.Pdf * (light.IsEnvironment ? si.Occlusion : 1f);
        return f * light.Radiance * scale;
    }

    /// <summary>Weight of light reached by a BSDF sample whose light-sampling density is <paramref name="lightPdf"/>.</summary>
    private float BsdfWeight(float bsdfPdf, float lightPdf) => _sampling switch
    {
        PathSampling.BsdfOnly => 1f,
        PathSampling.LightOnly => lightPdf > 0f ? 0f : 1f,
        _ => Warp.PowerHeuristic(bsdfPdf, lightPdf),
    };
}
