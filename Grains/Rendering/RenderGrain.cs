using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Placement;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Rendering.Adapter;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Materials;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering;

/// <summary>
/// Renders one session's stills: prepares the manifest (from <see cref="RenderServices.Scenes"/>, or
/// read from the cache and adapted), runs <see cref="ProgressiveRenderer"/> in passes sized to about
/// <see cref="PassSeconds"/> each, reports after each, encodes and stores the image. It keeps no
/// state of its own; its place is what matters: on a render silo when the cluster has one, and there
/// for as long as the session renders, so the scene stays prepared in that silo's memory.
/// </summary>
[Placement.RenderSiloPlacementFilter] // only render silos, when there are any
[PreferLocalPlacement] // among those: the caller's silo if it is one (a deployment without render silos renders beside the session)
internal sealed partial class RenderGrain(
    RenderServices services,
    IGrainFactory grains,
    TimeProvider time,
    ApplicationCaches caches,
    CacheMaintenance maintenance,
    Diagnostics.BridgeMetrics metrics,
    ILogger<RenderGrain> logger) : Grain, IRenderGrain
{
    /// <summary>Wall time a pass aims for: progress about twice a second, a bounded step past a time budget.</summary>
    private const double PassSeconds = 0.5;

    /// <summary>This grain's key (the session's id), for logs.</summary>
    private string Worker => field ??= this.GetPrimaryKeyString();

    public async Task<RenderStillOutcome> RenderStillAsync(RenderStillRequest request, IRenderProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RenderStillLimits.Check(request, services.Options) is { } refused)
        {
            return refused;
        }

        try
        {
            await services.Renders.WaitAsync(cancellationToken); // at most Bridge:Rendering:Workers renders at once on this silo
        }
        catch (OperationCanceledException)
        {
            return RenderStillOutcome.Fail(ErrorCode.Cancelled, "The render was cancelled before it started.");
        }

        try
        {
            return await RenderAsync(request, progress, cancellationToken);
        }
        finally
        {
            services.Renders.Release();
        }
    }

    private async Task<RenderStillOutcome> RenderAsync(RenderStillRequest request, IRenderProgress? progress, CancellationToken cancellationToken)
    {

        var handle = caches.For(request.Application);
        var blobs = new CacheBlobSource(handle.Cache);
        var prepared = await services.Scenes.GetOrBuildAsync(request.Manifest, async token =>
        {
            var loaded = await SceneElementsLoader.LoadAsync(request.Manifest, blobs, token);
            return loaded.Succeeded
                ? await services.Adapter.BuildAsync(loaded.Elements!, blobs, token)
                : AdapterResult.Fail(loaded.Error, loaded.Message ?? ErrorCodes.Describe(loaded.Error));
        }, cancellationToken);
        if (!prepared.Succeeded)
        {
            return RenderStillOutcome.Fail(prepared.Error, prepared.Message ?? ErrorCodes.Describe(prepared.Error));
        }

        var scene = prepared.Scene!;
        if (!prepared.FromCache)
        {
            LogSceneBuilt(request.Manifest, scene.Adapted.TriangleCount, scene.BuildTime.TotalMilliseconds);
        }

        if (!scene.Adapted.TryGetCamera(request.Camera, out var camera))
        {
            var names = string.Join(", ", scene.Adapted.Cameras.Select(c => $"{c.Instance} ({c.Camera})"));
            return RenderStillOutcome.Fail(ErrorCode.RenderCameraNotFound,
                $"The scene has no camera or camera instance '{request.Camera}'; it has: {(names.Length > 0 ? names : "none")}.");
        }

        if (request.Camera is null && scene.Adapted.HasDefaultCamera && scene.Adapted.TriangleCount == 0)
        {
            return RenderStillOutcome.Fail(ErrorCode.RenderNoCamera, "The scene has no camera and no geometry to frame with a default one.");
        }

        var options = Options(request, scene.Adapted);
        LogStarted(Worker, request.Manifest, request.Width, request.Height, options.SamplesPerPixel, request.Seconds ?? 0);
        using var renderer = new ProgressiveRenderer(scene.Scene, camera, options, time, services.Backend);
        var elapsed = await RenderPassesAsync(renderer, progress, cancellationToken);
        var image = renderer.Resolve();
        var encoded = RenderEncoding.Encode(image, options, request.Format);
        if (!encoded.Succeeded)
        {
            LogEncodeFailed(request.Format, encoded.Problem!);
            return RenderStillOutcome.Fail(ErrorCode.RenderEncodeFailed, $"The {request.Format} image could not be encoded: {encoded.Problem}");
        }

        var hash = ContentHash.Compute(encoded.Output);
        if (await StoreAsync(handle, hash, encoded.Output, request.Owner, cancellationToken) is { } failed)
        {
            return failed;
        }

        var spp = renderer.SamplesPerPixel;
        var seconds = elapsed.TotalSeconds;
        var rate = seconds > 0 ? (double)request.Width * request.Height * spp / seconds : 0;
        LogFinished(Worker, request.Manifest, hash, spp, seconds, rate);
        return RenderStillOutcome.Ok(new RenderStillResult(hash, RenderStillLimits.CanonicalFormat(request.Format), request.Width, request.Height, spp,
            seconds, rate, prepared.FromCache ? 0 : scene.BuildTime.TotalSeconds, encoded.Output.Length));
    }

    private RenderOptions Options(RenderStillRequest request, AdaptedScene scene)
    {
        var filter = services.Options.Filter.With(request.ClampDirect, request.ClampIndirect, request.FilterGlossy);
        return new()
        {
            Width = request.Width,
            Height = request.Height,
            // A time budget alone renders until the budget ends (the maximum spp is only a bound).
            SamplesPerPixel = request.SamplesPerPixel ?? (request.Seconds is null ? scene.SamplesPerPixel : services.Options.MaxSamplesPerPixel),
            TimeBudget = request.Seconds is { } s ? TimeSpan.FromSeconds(s) : TimeSpan.FromSeconds(services.Options.MaxSeconds),
            ToneMapping = request.ToneMapping is { } t ? (t == "aces" ? ToneMapping.Aces : ToneMapping.Standard) : scene.ToneMapping,
            ExposureStops = request.Exposure ?? scene.ExposureStops,
            MaxDegreeOfParallelism = services.Options.Threads,
            Denoise = request.Denoise,
            ClampDirect = filter.ClampDirect,
            ClampIndirect = filter.ClampIndirect,
            FilterGlossy = filter.FilterGlossy,
            Diffuse = DiffuseModels.TryParse(request.Diffuse ?? services.Options.Diffuse, out var diffuse) ? diffuse : DiffuseModel.Gltf,
            PixelFilter = request.PixelFilter ?? services.Options.PixelFilter,
            AdaptiveSampling = request.Adaptive,
        };
    }

    /// <summary>Passes until complete; each sized from the last pass's time per sample. Returns the passes' wall time.</summary>
    private async Task<TimeSpan> RenderPassesAsync(ProgressiveRenderer renderer, IRenderProgress? progress, CancellationToken cancellationToken)
    {
        var options = renderer.Options;
        var started = time.GetTimestamp();
        var passSamples = 1;
        while (!renderer.IsComplete)
        {
            var before = renderer.SamplesPerPixel;
            var passStarted = time.GetTimestamp();
            var samples = passSamples;
            await Task.Run(() => renderer.RenderPass(samples, cancellationToken), cancellationToken);
            var passSeconds = time.GetElapsedTime(passStarted).TotalSeconds;
            metrics.RecordRenderSamples("still", renderer.SamplesPerPixel - before, (long)options.Width * options.Height);
            var elapsed = time.GetElapsedTime(started);
            var perSample = passSeconds / Math.Max(1, renderer.SamplesPerPixel - before);
            var budgetLeft = options.TimeBudget is { } budget ? (budget - elapsed).TotalSeconds : double.PositiveInfinity;
            passSamples = (int)Math.Clamp(Math.Min(PassSeconds, budgetLeft) / Math.Max(perSample, 1e-6), 1, 1 << 16);
            if (progress is not null)
            {
                var fraction = Math.Max(
                    (double)renderer.SamplesPerPixel / options.SamplesPerPixel,
                    options.TimeBudget is { } b ? elapsed / b : 0);
                await progress.ReportAsync(renderer.SamplesPerPixel, options.SamplesPerPixel, elapsed, Math.Min(1, fraction));
            }
        }

        return time.GetElapsedTime(started);
    }

    /// <summary>Pins the image for its owner before writing it, so no collection can fall in between; null on success.</summary>
    private async Task<RenderStillOutcome?> StoreAsync(CacheHandle handle, ContentHash hash, byte[] bytes, PinOwner? owner, CancellationToken cancellationToken)
    {
        if (owner is not null)
        {
            await grains.GetGrain<ICacheLedgerGrain>(handle.Id).PinAsync(owner, [hash]);
        }

        var stored = await handle.Cache.PutAsync(hash, new MemoryStream(bytes, writable: false), cancellationToken);
        if (!stored.Succeeded)
        {
            return RenderStillOutcome.Fail(stored.Error, $"The image could not be stored in the cache: {stored.Detail ?? ErrorCodes.Describe(stored.Error)}");
        }

        if (stored.Status == CachePutStatus.Stored)
        {
            handle.NoteStored(bytes.Length);
            await maintenance.EnforceBudgetAsync(handle, CancellationToken.None);
        }

        return null;
    }
}
