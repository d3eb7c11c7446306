using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using OrleansBridge.Applications;

namespace OrleansBridge.Gateway.Viewer;

/// <summary>
/// Serves the browser viewer (docs/viewer.md): the page at <c>/</c>, its files and the JavaScript
/// client module under <c>/viewer/</c>, and the list of applications the page can connect to.
/// Everything comes from the gateway itself (same origin, so the WebSocket passes the Origin check
/// of docs/protocol.md §4.0 without an allow-list entry); nothing is loaded from anywhere else.
/// </summary>
internal static class ViewerEndpoints
{
    /// <summary>The JSON list of applications the page offers.</summary>
    public const string ApplicationsPath = "/viewer/applications.json";

    /// <summary>
    /// The page may only load its own files and talk to its own origin; <c>blob:</c> images carry
    /// decoded frames and downloads. It must not be framed (clickjacking of a page holding a token).
    /// </summary>
    private const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
        + "media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Maps the viewer's paths, leaving out any an application's WebSocket endpoint already uses.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, IApplicationCatalog catalog, IGrainFactory grains)
    {
        var taken = catalog.Applications.Select(a => a.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var asset in ViewerAssets.ByPath.Values)
        {
            if (!taken.Contains(asset.Path))
            {
                endpoints.MapMethods(asset.Path, [HttpMethods.Get, HttpMethods.Head], context => ServeAsync(context, asset));
            }
        }

        if (!taken.Contains(ApplicationsPath))
        {
            endpoints.MapGet(ApplicationsPath, context => ApplicationsAsync(context, catalog, grains));
        }
    }

    /// <summary>
    /// One asset with a strong ETag and <c>no-cache</c>: the browser keeps its copy but revalidates
    /// each load (a 304 costs a few bytes), so a server upgrade is picked up at once and a page and
    /// its module can never come from two different builds.
    /// </summary>
    private static Task ServeAsync(HttpContext context, ViewerAsset asset)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            return GatewayEndpoints.NotFoundAsync(context); // No application here: 404 with 4207, as on any other path (protocol §4.0).
        }

        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer"; // The page's URL may carry a token.
        if (asset.Path == "/")
        {
            response.Headers.ContentSecurityPolicy = PagePolicy;
        }

        if (IsNotModified(context.Request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    /// <summary>RFC 9110 §13.1.2: If-None-Match with a matching (weakly compared) entity tag, or <c>*</c>.</summary>
    private static bool IsNotModified(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            foreach (var candidate in (value ?? string.Empty).Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*" || tag == etag || tag == "W/" + etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Names and paths of the configured applications and whether each is open; nothing else (no counts, no tenants).</summary>
    private static async Task ApplicationsAsync(HttpContext context, IApplicationCatalog catalog, IGrainFactory grains)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteStartArray("applications");
        foreach (var application in catalog.Applications)
        {
            var status = await grains.GetGrain<IApplicationGrain>(application.Name).GetStatusAsync();
            writer.WriteStartObject();
            writer.WriteString("name", application.Name);
            writer.WriteString("path", application.Path);
            writer.WriteBoolean("open", status.IsOpen);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
