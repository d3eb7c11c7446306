using System.Numerics;
using OrleansBridge.Rendering;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// The three ray populations of the bench, generated before timing: primary rays (one jittered ray per
/// pixel, coherent), shadow rays (from each primary hit towards the point light, finite length) and
/// diffuse-bounce rays (cosine-distributed about the normal at each primary hit, incoherent).
/// </summary>
internal sealed class RaySets
{
    private RaySets(Ray[] primary, Ray[] shadow, float[] shadowLength, Ray[] diffuse)
    {
        Primary = primary;
        Shadow = shadow;
        ShadowLength = shadowLength;
        Diffuse = diffuse;
    }

    public Ray[] Primary { get; }

    public Ray[] Shadow { get; }

    public float[] ShadowLength { get; }

    public Ray[] Diffuse { get; }

    public static RaySets Generate(RenderScene scene, CameraData cameraData, Vector3 light, int width, int height)
    {
        var camera = new PerspectiveCamera(cameraData, width, height);
        var primary = new Ray[width * height];
        var shadow = new List<Ray>();
        var lengths = new List<float>();
        var diffuse = new List<Ray>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sampler = new PixelSampler(1, x, y, 0);
                var ray = camera.GenerateRay(x, y, ref sampler);
                primary[(y * width) + x] = ray;
                var hit = SurfaceHit.Miss(float.PositiveInfinity);
                if (!scene.Intersect(ray, ref hit))
                {
                    continue;
                }

                scene.Shade(ray, hit, out var si);
                var origin = RayOffset.Offset(si.Position, si.GeometricNormal);
                shadow.Add(new Ray(origin, light - origin));
                lengths.Add(1f - 1e-4f);
                var local = Warp.CosineHemisphere(sampler.Next2D());
                diffuse.Add(new Ray(origin, si.Shading.ToWorld(local)));
            }
        }

        return new RaySets(primary, [.. shadow], [.. lengths], [.. diffuse]);
    }
}
