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
/// from <see cref="RussianRouletteStart"/> bounces on, with survival probability √max(throughput) (Cycles').
/// <see cref="Filter"/> clamps contributions and blurs glossy lobes after blurry bounces, as Cycles does.
/// </summary>
/// <remarks>
/// Numbers come from <see cref="PixelSampler"/> in 4D groups: the camera ray takes one, every vertex
/// takes one for its light sample (point in X, Y; light choice in Z) and one for its BSDF sample
/// (direction in X, Y; lobe in Z; Russian roulette in W), so each 2D decision is stratified over a
/// pixel's samples.
/// </remarks>
public sealed class PathIntegrator : ImageTileIntegrator
{
    /// <summary>Shadow rays to a point stop this fraction short of it, so they do not hit the light itself.</summary>
    private const float ShadowEpsilon = 1e-4f;

    private readonly PathSampling _sampling;

    /// <summary>
    /// A path tracer over <paramref name="scene"/>; without <paramref name="filter"/>, unbiased (no clamp, no blur);
    /// <paramref name="diffuse"/> picks the materials' diffuse lobe.
    /// </summary>
    public PathIntegrator(RenderScene scene, int maxBounces = 8, int russianRouletteStart = 3, FireflyFilter filter = default, DiffuseModel diffuse = DiffuseModel.Gltf)
        : this(scene, maxBounces, russianRouletteStart, PathSampling.MultipleImportance, filter)
    {
        Diffuse = diffuse;
    }

    /// <summary>A path tracer restricted to some strategies (tests compare them).</summary>
    internal PathIntegrator(RenderScene scene, int maxBounces, int russianRouletteStart, PathSampling sampling, FireflyFilter filter = default)
        : base(scene)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBounces, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(russianRouletteStart, 1);
        filter.Validate();
        MaxBounces = maxBounces;
        RussianRouletteStart = russianRouletteStart;
        Filter = filter;
        _sampling = sampling;
    }

    /// <summary>Most scattering events on a path.</summary>
    public int MaxBounces { get; }

    /// <summary>Bounces after which Russian roulette may end a path.</summary>
    public int RussianRouletteStart { get; }

    /// <summary>Contribution clamps and the glossy filter.</summary>
    public FireflyFilter Filter { get; }

    /// <summary>The materials' diffuse lobe.</summary>
    public DiffuseModel Diffuse { get; }

    /// <inheritdoc />
    protected internal override Vector3 Li(in Ray ray, ref PixelSampler sampler, ref SampleFeatures features)
    {
        var scene = Scene;
        var radiance = Vector3.Zero;
        var throughput = Vector3.One;
        var current = ray;
        var bsdfPdf = 0f;
        var occlusion = 1f;
        var previous = current.Origin;
        var previousNormal = Vector3.Zero;
        var minPdf = float.PositiveInfinity;

        // Absorption coefficient of the medium the current ray travels in (KHR_materials_volume).
        var absorption = Vector3.Zero;
        for (var depth = 0; ; depth++)
        {
            var hit = SurfaceHit.Miss(float.PositiveInfinity);
            if (!scene.Intersect(current, ref hit))
            {
                throughput *= Transmittance(absorption, float.PositiveInfinity);
                if (depth == 0 && scene.Background is { } background)
                {
                    var seen = Clamp(background, depth);
                    radiance += seen;
                    features.Direct += seen;
                    break;
                }

                var environment = scene.EnvironmentRadiance(current.Direction);
                if (environment != Vector3.Zero)
                {
                    var weight = depth == 0 ? 1f : BsdfWeight(bsdfPdf, scene.EnvironmentPdf(current.Direction, previous, previousNormal));
                    var arriving = Clamp(throughput * environment * (weight * occlusion), depth - 1);
                    radiance += arriving;
                    if (depth <= 1)
                    {
                        features.Direct += arriving;
                    }
                }

                break;
            }

            scene.Shade(current, hit, out var si);
            if (absorption != Vector3.Zero)
            {
                throughput *= Transmittance(absorption, Vector3.Distance(current.Origin, si.Position));
            }

            if (depth == 0)
            {
                features.Albedo = si.BaseColor;
                features.Normal = si.Shading.N;
            }

            if (si.Emission != Vector3.Zero)
            {
                var weight = depth == 0 ? 1f : BsdfWeight(bsdfPdf, scene.EmitterPdf(hit.Instance, hit.Primitive, previous, previousNormal, si.Position));
                var emitted = Clamp(throughput * si.Emission * weight, depth - 1);
                radiance += emitted;
                if (depth <= 1)
                {
                    features.Direct += emitted;
                }
            }

            if (depth >= MaxBounces)
            {
                break;
            }

            var layers = new BsdfLayers(si.Transmission, si.Ior, !si.FrontFace, si.ThinWalled, si.Clearcoat, si.ClearcoatRoughness, si.Specular, si.SpecularColor,
                si.SheenColor, si.SheenRoughness);
            var bsdf = new GltfBsdf(si.BaseColor, si.Metallic, si.Roughness, layers, BlurAlpha(minPdf), Diffuse);
            var wo = si.Shading.ToLocal(-current.Direction);
            var origin = RayOffset.Offset(si.Position, si.GeometricNormal);

            // The medium beyond the surface: the material's volume when entering it, none when leaving it
            // (media do not nest), the same one through a thin wall.
            var beyond = si.ThinWalled ? absorption : si.FrontFace ? si.Absorption : Vector3.Zero;
            var direct = Clamp(throughput * SampleDirect(si, bsdf, wo, origin, absorption, beyond, sampler.Next4D()), depth);
            radiance += direct;
            if (depth == 0)
            {
                features.Direct += direct;
            }

            var u = sampler.Next4D();
            if (!bsdf.Sample(wo, u.Z, new Vector2(u.X, u.Y), out var wiLocal, out var f, out bsdfPdf))
            {
                break;
            }

            var wi = si.Shading.ToWorld(wiLocal);
            var transmitted = wiLocal.Z < 0f;
            if (Vector3.Dot(wi, si.GeometricNormal) <= 0f != transmitted)
            {
                // The shading frame and the geometric surface disagree on the side: no light goes there.
                break;
            }

            if (transmitted)
            {
                origin = RayOffset.Offset(si.Position, -si.GeometricNormal);
                absorption = beyond;
            }

            throughput *= f * (MathF.Abs(wiLocal.Z) / bsdfPdf);
            occlusion = si.Occlusion;
            previous = si.Position;
            previousNormal = si.GeometricNormal;
            minPdf = MathF.Min(minPdf, bsdfPdf);
            current = new Ray(origin, wi);

            if (depth + 1 >= RussianRouletteStart)
            {
                var survive = SurvivalProbability(throughput);
                if (u.W >= survive)
                {
                    break;
                }

                throughput /= survive;
            }
        }

        return radiance;
    }

    /// <summary>
    /// Russian roulette's survival probability, Cycles' rule: min(1, √max(throughput)). The square root
    /// keeps dim paths longer than max(throughput) would (about as a display's gamma weighs them), so a
    /// survivor's throughput grows less: less variance, and fewer of its contributions reach the clamp.
    /// </summary>
    internal static float SurvivalProbability(Vector3 throughput) =>
        MathF.Min(1f, MathF.Sqrt(MathF.Max(throughput.X, MathF.Max(throughput.Y, throughput.Z))));

    /// <summary>
    /// Cycles' clamp of one contribution added at bounce <paramref name="bounce"/>: the RGB sum bounded, hue
    /// kept; direct up to bounce 0. As in Cycles (<c>kernel_accum_emission</c>: bounce − 1), emission or
    /// environment that a BSDF sample reaches counts at the bounce of the vertex that sampled it, so light
    /// found from the camera's hit is direct, like that hit's next-event estimate.
    /// </summary>
    private Vector3 Clamp(Vector3 contribution, int bounce)
    {
        var limit = bounce > 0 ? Filter.ClampIndirect : Filter.ClampDirect;
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

    /// <summary>The smallest GGX α the glossy filter allows after a path whose least likely sample had density <paramref name="minPdf"/>.</summary>
    private float BlurAlpha(float minPdf)
    {
        if (Filter.FilterGlossy <= 0f)
        {
            return 0f;
        }

        var blurPdf = minPdf / Filter.FilterGlossy;
        return blurPdf < 1f ? 0.5f * MathF.Sqrt(1f - blurPdf) : 0f;
    }

    /// <summary>One light sample at the vertex, MIS-weighted against BSDF sampling, shadow ray included.</summary>
    /// <remarks>
    /// A light behind the surface is reached through the transmission lobe, from an origin offset to
    /// that side; the shadow ray crosses the medium of its side (<paramref name="near"/> in front,
    /// <paramref name="far"/> behind) and is attenuated by it.
    /// </remarks>
    private Vector3 SampleDirect(in SurfaceInteraction si, in GltfBsdf bsdf, Vector3 wo, Vector3 origin, Vector3 near, Vector3 far, Vector4 u)
    {
        var scene = Scene;
        if (!scene.SampleLight(si.Position, si.GeometricNormal, new Vector3(u.X, u.Y, u.Z), out var light) || (!light.IsDelta && _sampling == PathSampling.BsdfOnly))
        {
            return Vector3.Zero;
        }

        var behind = Vector3.Dot(light.Wi, si.GeometricNormal) <= 0f;
        var wiLocal = si.Shading.ToLocal(light.Wi);
        if ((behind && !bsdf.Transmits) || behind != wiLocal.Z < 0f)
        {
            return Vector3.Zero;
        }

        var f = bsdf.Evaluate(wo, wiLocal) * MathF.Abs(wiLocal.Z);
        if (f == Vector3.Zero)
        {
            return Vector3.Zero;
        }

        if (behind)
        {
            origin = RayOffset.Offset(si.Position, -si.GeometricNormal);
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
        var medium = behind ? far : near;
        return medium == Vector3.Zero ? f * light.Radiance * scale : f * light.Radiance * scale * Transmittance(medium, light.Distance);
    }

    /// <summary>Beer–Lambert transmittance exp(−σ·d) per channel; a channel that does not absorb stays 1 even over an infinite distance.</summary>
    private static Vector3 Transmittance(Vector3 sigma, float distance)
    {
        if (sigma == Vector3.Zero)
        {
            return Vector3.One;
        }

        return new Vector3(Channel(sigma.X), Channel(sigma.Y), Channel(sigma.Z));

        float Channel(float s) => s > 0f ? MathF.Exp(-s * distance) : 1f;
    }

    /// <summary>Weight of light reached by a BSDF sample whose light-sampling density is <paramref name="lightPdf"/>.</summary>
    private float BsdfWeight(float bsdfPdf, float lightPdf) => _sampling switch
    {
        PathSampling.BsdfOnly => 1f,
        PathSampling.LightOnly => lightPdf > 0f ? 0f : 1f,
        _ => Warp.PowerHeuristic(bsdfPdf, lightPdf),
    };
}
