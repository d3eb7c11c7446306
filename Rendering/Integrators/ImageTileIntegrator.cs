using System.Numerics;
using OrleansBridge.Rendering.Geometry;
using OrleansBridge.Rendering.Sampling;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Integrators;

/// <summary>
/// The integrator base of pbrt's ImageTileIntegrator/RayIntegrator shape: it owns tiling, the worker
/// threads, sample keys and primary rays; an algorithm supplies only <see cref="Li(in Ray, ref PixelSampler, ref SampleFeatures)"/>, the radiance
/// arriving along a camera ray.
/// </summary>
/// <remarks>
/// Sample n of pixel p draws its numbers from <see cref="PixelSampler"/>(seed, p, n) and is added to
/// p's sum by the one thread that owns p's tile, in sample order: the image is bit-identical whatever
/// the tile size, thread count or pass split. <see cref="Li(in Ray, ref PixelSampler, ref SampleFeatures)"/> is one virtual call per camera sample,
/// which is noise against the path behind it; everything per ray below it is struct-generic.
/// </remarks>
public abstract class ImageTileIntegrator : IPassRenderer
{
    /// <summary>An integrator over <paramref name="scene"/>.</summary>
    protected ImageTileIntegrator(RenderScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        Scene = scene;
    }

    /// <summary>The scene rays are traced in.</summary>
    public RenderScene Scene { get; }

    /// <inheritdoc />
    public string Device => "cpu";

    /// <summary>
    /// Adds <paramref name="samplesPerPixel"/> samples to every pixel of <paramref name="film"/>; each
    /// pixel continues from the samples it already has. Tiles run in parallel; cancellation is observed
    /// between tiles, so every pixel holds whole samples afterwards (counts may then differ by pixel).
    /// </summary>
    public void Render(AccumulationBuffer film, PerspectiveCamera camera, int samplesPerPixel, RenderOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerPixel, 1);
        RenderTiles(film, camera, samplesPerPixel, null, options, cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="samples"/>[p] samples to pixel p of <paramref name="film"/> (row-major), each pixel
    /// continuing from the samples it has (adaptive sampling, <see cref="AdaptiveAllocator"/>). Tiles run in
    /// parallel; cancellation is observed between tiles.
    /// </summary>
    public void Render(AccumulationBuffer film, PerspectiveCamera camera, ReadOnlyMemory<int> samples, RenderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(film);
        if (samples.Length != film.Width * film.Height)
        {
            throw new ArgumentException($"{samples.Length} counts for {film.Width * film.Height} pixels.", nameof(samples));
        }

        RenderTiles(film, camera, 0, samples, options, cancellationToken);
    }

    /// <summary>Radiance arriving at the camera along <paramref name="ray"/>, using <paramref name="sampler"/>'s numbers.</summary>
    protected internal Vector3 Li(in Ray ray, ref PixelSampler sampler)
    {
        var features = SampleFeatures.Escaped;
        return Li(ray, ref sampler, ref features);
    }

    /// <summary>
    /// Radiance arriving at the camera along <paramref name="ray"/>, using <paramref name="sampler"/>'s
    /// numbers; the first hit's albedo and normal go into <paramref name="features"/> (left as
    /// <see cref="SampleFeatures.Escaped"/> when the ray hits nothing).
    /// </summary>
    protected internal abstract Vector3 Li(in Ray ray, ref PixelSampler sampler, ref SampleFeatures features);

    /// <summary>Every tile in parallel: <paramref name="samples"/> per pixel, or <paramref name="perPixel"/>[p] where given.</summary>
    private void RenderTiles(AccumulationBuffer film, PerspectiveCamera camera, int samples, ReadOnlyMemory<int>? perPixel, RenderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(film);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(options);
        if (camera.Width != film.Width || camera.Height != film.Height)
        {
            throw new ArgumentException($"Camera is {camera.Width}x{camera.Height}, the film {film.Width}x{film.Height}.", nameof(camera));
        }

        var tile = options.TileSize;
        var tilesX = (film.Width + tile - 1) / tile;
        var tilesY = (film.Height + tile - 1) / tile;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        var seed = options.Seed;
        Parallel.For(0, tilesX * tilesY, parallel, index =>
        {
            var x0 = index % tilesX * tile;
            var y0 = index / tilesX * tile;
            RenderTile(film, camera, x0, y0, Math.Min(x0 + tile, film.Width), Math.Min(y0 + tile, film.Height), samples, perPixel, seed, options.IndependentSamples);
        });
    }

    private void RenderTile(AccumulationBuffer film, PerspectiveCamera camera, int x0, int y0, int x1, int y1, int samples, ReadOnlyMemory<int>? perPixel, uint seed, bool independent)
    {
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var first = film.SamplesAt(x, y);
                var count = perPixel is { } counts ? counts.Span[(y * film.Width) + x] : samples;
                for (var n = first; n < first + count; n++)
                {
                    var sampler = new PixelSampler(seed, x, y, n, independent);
                    var ray = camera.GenerateRay(x, y, ref sampler);
                    var features = SampleFeatures.Escaped;
                    var radiance = Li(ray, ref sampler, ref features);
                    film.Add(x, y, radiance, features);
                }
            }
        }
    }
}
