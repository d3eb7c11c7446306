using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Rendering;

namespace OrleansBridge.Silo.RenderSilo;

/// <summary>
/// <c>POST /internal/render/still</c> on a render silo: checks the shared secret (SHA-256 digests compared
/// in constant time), runs the still on a local render worker and answers 200 with
/// <see cref="RemoteStillResponse"/> — the result or the render's error code. 401 for a missing or wrong
/// secret, 400 for a body that does not parse, 404 for an application this silo does not serve.
/// Progress is not forwarded: the session sees only the final result.
/// </summary>
internal sealed partial class RenderSiloEndpoint(
    string secret, IGrainFactory grains, RenderServices services, IApplicationCatalog catalog, ILogger logger)
{
    private readonly byte[] _secretDigest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public async Task RenderStillAsync(HttpContext http)
    {
        if (!Authorized(http.Request.Headers.Authorization.ToString()))
        {
            LogRefused(http.Connection.RemoteIpAddress?.ToString() ?? "?", "wrong or missing shared secret");
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        RemoteStillRequest? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync(RenderJobJson.Default.RemoteStillRequest, http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?.Input is not { } input || !ContentHash.TryParse(input.Manifest, out var manifest))
        {
            LogRefused(http.Connection.RemoteIpAddress?.ToString() ?? "?", "the body is not a render request with a manifest hash");
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (!catalog.TryGet(body.Application, out _))
        {
            LogRefused(http.Connection.RemoteIpAddress?.ToString() ?? "?", $"application '{body.Application}' is not served here");
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var request = new RenderStillRequest(body.Application, manifest, input.Camera, input.Width, input.Height, input.Spp, input.Seconds,
            input.Format, input.ToneMapping, input.Exposure, Owner: null, Denoise: input.Denoise == true,
            input.ClampDirect, input.ClampIndirect, input.FilterGlossy);
        var outcome = await grains.GetGrain<IRenderGrain>(services.NextWorkerKey()).RenderStillAsync(request, null, http.RequestAborted);
        LogServed(body.Application, manifest, (int)outcome.Error);
        var response = new RemoteStillResponse(outcome.Result, (int)outcome.Error, outcome.Result is null ? outcome.Message ?? ErrorCodes.Describe(outcome.Error) : null);
        await http.Response.WriteAsJsonAsync(response, RenderJobJson.Default.RemoteStillResponse, contentType: null, http.RequestAborted);
    }

    private bool Authorized(string header)
    {
        const string Scheme = "Bearer ";
        var presented = header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..] : string.Empty;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _secretDigest);
    }

    [LoggerMessage(EventId = LogEvents.RemoteRenderServed, Level = LogLevel.Information, Message = "Rendered {Manifest} of {Application} for another silo: {Error}")]
    private partial void LogServed(string application, ContentHash manifest, int error);

    [LoggerMessage(EventId = LogEvents.RemoteRenderRefused, Level = LogLevel.Warning, Message = "Render request from {Remote} refused: {Reason}")]
    private partial void LogRefused(string remote, string reason);
}
