using System.Text.Json;
using Orleans;
using OrleansBridge.Cache;
using OrleansBridge.Jobs;
using OrleansBridge.Protocol;
using OrleansBridge.Sessions.Requests;
using OrleansBridge.Sessions.Uploads;

namespace OrleansBridge.Rendering;

/// <summary>
/// <c>render.still</c>: renders the session's head (or a named manifest) on a render worker and stores
/// the image in the application's cache, pinned for the session until it closes, so the client can
/// download it (<c>cache.download</c>). Progress events carry <c>{spp, targetSpp, seconds}</c>.
/// </summary>
internal sealed class RenderStillJob(
    IGrainFactory grains, RenderServices services, SessionCacheRegistry sessionCaches) : IJob
{
    /// <summary>Calls tried when the render silo is lost under one (about 10 s of waiting in all, beyond membership's verdict).</summary>
    private const int RenderAttempts = 4;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1.5);

    public string Name => "render.still";

    public string Id => "orleansbridge.render-still/1";

    public async ValueTask<JobResult> RunAsync(JobContext context, JsonElement input)
    {
        ArgumentNullException.ThrowIfNull(context);
        RenderStillInput? parsed;
        try
        {
            parsed = input.ValueKind == JsonValueKind.Object ? input.Deserialize(RenderJobJson.Default.RenderStillInput) : null;
        }
        catch (JsonException ex)
        {
            return JobResult.Fail(ErrorCode.InvalidArgument, $"The input does not parse: {ex.Message}");
        }

        if (parsed is null)
        {
            return JobResult.Fail(ErrorCode.InvalidArgument,
                "input must be {\"manifest\"?, \"camera\"?, \"width\", \"height\", \"spp\"?, \"seconds\"?, \"format\": \"png|jpg|exr\", \"toneMapping\"?, \"exposure\"?, \"denoise\"?, \"clampDirect\"?, \"clampIndirect\"?, \"filterGlossy\"?, \"diffuse\"?, \"pixelFilter\"?, \"adaptive\"?}.");
        }

        ContentHash manifest;
        if (parsed.Manifest is { } text)
        {
            if (!ContentHash.TryParse(text, out manifest))
            {
                return JobResult.Fail(ErrorCode.InvalidArgument, $"manifest '{text}' is not a hash (64 lowercase hex characters).");
            }
        }
        else
        {
            var head = await context.Scene.GetHeadAsync();
            if (head.Elements == 0)
            {
                return JobResult.Fail(ErrorCode.RenderNoCamera, "The session's scene is empty: commit something to render first.");
            }

            manifest = head.Manifest;
        }

        // The session's cache state is created now, so the image's pin is released when the session closes.
        var owner = sessionCaches.For(new RequestContext(context.SessionId, context.Application, context.Tenant, context.Time)).Owner;
        var request = new RenderStillRequest(context.Application, manifest, parsed.Camera, parsed.Width, parsed.Height, parsed.Spp, parsed.Seconds,
            parsed.Format, parsed.ToneMapping, parsed.Exposure, owner, parsed.Denoise ?? services.Options.Denoise,
            parsed.ClampDirect, parsed.ClampIndirect, parsed.FilterGlossy, parsed.Diffuse, parsed.PixelFilter,
            parsed.Adaptive ?? services.Options.AdaptiveSampling);
        if (RenderStillLimits.Check(request, services.Options) is { } refused)
        {
            return JobResult.Fail(refused.Error, refused.Message!);
        }

        var outcome = await RenderAsync(context, request);
        return outcome.Result is { } result
            ? JobResult.Ok(JsonSerializer.SerializeToElement(result, RenderJobJson.Default.RenderStillResult))
            : JobResult.Fail(outcome.Error, outcome.Message ?? ErrorCodes.Describe(outcome.Error));
    }

    /// <summary>
    /// On a render silo picked by the session id: a session's scene changes head on every commit, but
    /// its meshes (and their BVHs, keyed by mesh hash) mostly stay, so keying by the session keeps them
    /// warm on one silo where the manifest hash would scatter every edit. The image is pinned here for
    /// the session, as a local render pins it. Null when no silo answered and rendering falls back here.
    /// </summary>
    /// <summary>
    /// Calls the session's render grain: on a render silo when the cluster has one, and the same one for
    /// each still of the session, so its scene stays prepared there. Progress comes back through an
    /// observer. When that silo dies during the call, the call fails as soon as Orleans sees the
    /// connection go; the still is rendered again from the start, by the grain Orleans activates on
    /// another silo once membership has declared the dead one dead (a few seconds; images are stored by
    /// hash, so a repeat stores nothing twice).
    /// </summary>
    private async Task<RenderStillOutcome> RenderAsync(JobContext context, RenderStillRequest request)
    {
        var progress = new Progress(context.Progress);
        var observer = grains.CreateObjectReference<IRenderProgress>(progress);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var outcome = await grains.GetGrain<IRenderGrain>(context.SessionId).RenderStillAsync(request, observer, context.Cancellation);
                    if (outcome.Result is { } done)
                    {
                        await progress.FinishAsync(done.Spp, done.RenderSeconds);
                    }

                    return outcome;
                }
                catch (Exception ex) when (attempt < RenderAttempts && Hosting.ClusterFailure.IsTransient(ex) && !context.Cancellation.IsCancellationRequested)
                {
                    await Task.Delay(RetryDelay * attempt, context.Time, context.Cancellation);
                }
            }
        }
        finally
        {
            grains.DeleteObjectReference<IRenderProgress>(observer);
            GC.KeepAlive(progress); // Orleans holds observers weakly
        }
    }

    /// <summary>
    /// The job's side of the render grain's progress. Reports are one-way messages, so the grain's last
    /// ones may arrive after its answer, or not at all once the observer is deleted: the job reports the
    /// finished render itself (<see cref="FinishAsync"/>), and reports arriving after that are dropped,
    /// so the job's last progress is always the finished one.
    /// </summary>
    private sealed class Progress(IJobProgress progress) : IRenderProgress
    {
        private readonly Lock _gate = new();
        private bool _finished;
        private int _lastSpp = -1;
        private int _target;

        public Task ReportAsync(int samplesPerPixel, int targetSamplesPerPixel, TimeSpan elapsed, double fraction)
        {
            lock (_gate)
            {
                if (_finished)
                {
                    return Task.CompletedTask;
                }

                _lastSpp = fraction >= 1 ? samplesPerPixel : -1;
                _target = targetSamplesPerPixel;
                return Report(samplesPerPixel, targetSamplesPerPixel, elapsed.TotalSeconds, fraction); // started under the lock: reports go out in order
            }
        }

        /// <summary>Reports the finished render unless the grain's own last report, already delivered, said it.</summary>
        public Task FinishAsync(int samplesPerPixel, double seconds)
        {
            lock (_gate)
            {
                if (_finished)
                {
                    return Task.CompletedTask;
                }

                _finished = true;
                return _lastSpp == samplesPerPixel
                    ? Task.CompletedTask
                    : Report(samplesPerPixel, _target > 0 ? _target : samplesPerPixel, seconds, 1);
            }
        }

        private Task Report(int samplesPerPixel, int targetSamplesPerPixel, double seconds, double fraction) =>
            progress.ReportAsync(fraction, $"{samplesPerPixel} spp",
                JsonSerializer.SerializeToElement(new RenderStillProgress(samplesPerPixel, targetSamplesPerPixel, seconds), RenderJobJson.Default.RenderStillProgress)).AsTask();
    }
}
