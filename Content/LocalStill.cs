using System.Diagnostics;
using OrleansBridge.Protocol;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Images;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Scene.Gltf;
using RendererOptions = OrleansBridge.Rendering.Scene.RenderOptions;

namespace OrleansBridge.Rendering;

/// <summary>
/// The server's render path without a server: <see cref="GltfImporter"/> in process → the adapter over
/// an <see cref="InMemoryBlobSource"/> → <see cref="ProgressiveRenderer"/> → the encoder. Same limits
/// checks and error codes as <c>render.still</c>.
/// </summary>
public static class LocalStill
{
    /// <summary>Imports <paramref name="file"/> (GLB or glTF; <paramref name="resolveUri"/> gives external resources) and renders it.</summary>
    public static async Task<LocalStillOutcome> RenderAsync(
        ReadOnlyMemory<byte> file, Func<string, ReadOnlyMemory<byte>?> resolveUri, LocalStillRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = new RenderingOptions { MaxWidth = 32768, MaxHeight = 32768, MaxSamplesPerPixel = 1 << 20, MaxSeconds = double.MaxValue };
        var check = new RenderStillRequest(string.Empty, default, request.Camera, request.Width, request.Height, request.SamplesPerPixel, null, request.Format, null, null, null,
            ClampDirect: request.ClampDirect, ClampIndirect: request.ClampIndirect, FilterGlossy: request.FilterGlossy, PixelFilter: request.PixelFilter);
        if (RenderStillLimits.Check(check, limits) is { } refused)
        {
            return LocalStillOutcome.Fail(refused.Error, refused.Message!);
        }

        var started = Stopwatch.GetTimestamp();
        var imported = GltfImporter.Import(file, resolveUri, GltfImportOptions.Default);
        if (!imported.Succeeded)
        {
            return LocalStillOutcome.Fail(imported.Error, imported.Message ?? ErrorCodes.Describe(imported.Error));
        }

        var adapter = new SceneAdapter(new SkiaImageDecoder());
        var adapted = await adapter.BuildAsync(imported.Elements, new InMemoryBlobSource(imported.Blobs), cancellationToken);
        if (!adapted.Succeeded)
        {
            return LocalStillOutcome.Fail(adapted.Error, adapted.Message ?? ErrorCodes.Describe(adapted.Error));
        }

        var scene = adapted.Scene!;
        if (!scene.TryGetCamera(request.Camera, out var camera))
        {
            return LocalStillOutcome.Fail(ErrorCode.RenderCameraNotFound,
                $"The file has no camera '{request.Camera}'; it has: {string.Join(", ", scene.Cameras.Select(c => $"{c.Instance} ({c.Camera})").DefaultIfEmpty("none"))}.");
        }

        if (request.Camera is null && scene.HasDefaultCamera && scene.TriangleCount == 0)
        {
            return LocalStillOutcome.Fail(ErrorCode.RenderNoCamera, "The file has no camera and no geometry to frame with a default one.");
        }

        var built = RenderScene.Build(scene.Description);
        var sceneSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var filter = FireflyFilter.CyclesDefaults.With(request.ClampDirect, request.ClampIndirect, request.FilterGlossy);
        var options = new RendererOptions
        {
            Width = request.Width,
            Height = request.Height,
            SamplesPerPixel = request.SamplesPerPixel,
            ToneMapping = scene.ToneMapping,
            ExposureStops = scene.ExposureStops,
            MaxDegreeOfParallelism = request.Threads,
            Denoise = request.Denoise,
            ClampDirect = filter.ClampDirect,
            ClampIndirect = filter.ClampIndirect,
            FilterGlossy = filter.FilterGlossy,
            Diffuse = request.Diffuse,
            PixelFilter = request.PixelFilter ?? Sampling.PixelFilter.CyclesDefault,
            AdaptiveSampling = request.Adaptive,
        };
        using var renderer = new ProgressiveRenderer(built, camera, options);
        var renderStarted = Stopwatch.GetTimestamp();
        var cpuStarted = Environment.CpuUsage.TotalTime;
        await Task.Run(() => renderer.RenderToCompletion(Math.Max(1, request.SamplesPerPixel / 8), cancellationToken), cancellationToken);
        var renderSeconds = Stopwatch.GetElapsedTime(renderStarted).TotalSeconds;
        var renderCpuSeconds = (Environment.CpuUsage.TotalTime - cpuStarted).TotalSeconds;
        var image = renderer.Resolve();
        var encoded = RenderEncoding.Encode(image, options, request.Format);
        return encoded.Succeeded
            ? new LocalStillOutcome(ErrorCode.None, null, encoded.Output, image, renderer.SamplesPerPixel, renderSeconds, renderCpuSeconds, sceneSeconds, scene.TriangleCount)
            : LocalStillOutcome.Fail(ErrorCode.RenderEncodeFailed, $"The {request.Format} image could not be encoded: {encoded.Problem}");
    }
}
