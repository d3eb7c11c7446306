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
    IGrainFactory grains, RenderServices services, SessionCacheRegistry sessionCaches, Remote.RemoteRenderClient remote, ApplicationCaches caches) : IJob
{
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
                "input must be {\"manifest\"?, \"camera\"?, \"width\", \"height\", \"spp\"?, \"seconds\"?, \"format\": \"png|jpg|exr\", \"toneMapping\"?, \"exposure\"?, \"denoise\"?, \"clampDirect\"?, \"clampIndirect\"?, \"filterGlossy\"?}.");
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
            parsed.Format, parsed.ToneMapping, parsed.Exposure, owner, parsed.Denoise == true,
            parsed.ClampDirect, parsed.ClampIndirect, parsed.FilterGlossy);
        if (RenderStillLimits.Check(request, services.Options) is { } refused)
        {
            return JobResult.Fail(refused.Error, refused.Message!);
        }

        var outcome = remote.Enabled ? await RenderRemotelyAsync(context, parsed, request) : null;
        outcome ??= await grains.GetGrain<IRenderGrain>(services.NextWorkerKey()).RenderStillAsync(request, new Progress(context.Progress), context.Cancellation);
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
    private async Task<RenderStillOutcome?> RenderRemotelyAsync(JobContext context, RenderStillInput parsed, RenderStillRequest request)
    {
        var input = parsed with { Manifest = request.Manifest.ToString() };
        var outcome = await remote.RenderStillAsync(context.SessionId, new RemoteStillRequest(request.Application, input), context.Cancellation);
        if (outcome?.Result is { } result && request.Owner is { } owner)
        {
            await grains.GetGrain<ICacheLedgerGrain>(caches.For(request.Application).Id).PinAsync(owner, [result.Image]);
        }

        return outcome;
    }

    private sealed class Progress(IJobProgress progress) : IRenderProgress
    {
        public ValueTask ReportAsync(int samplesPerPixel, int targetSamplesPerPixel, TimeSpan elapsed, double fraction) =>
            progress.ReportAsync(fraction, $"{samplesPerPixel} spp",
                JsonSerializer.SerializeToElement(new RenderStillProgress(samplesPerPixel, targetSamplesPerPixel, elapsed.TotalSeconds), RenderJobJson.Default.RenderStillProgress));
    }
}
