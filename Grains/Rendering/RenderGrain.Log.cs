using Microsoft.Extensions.Logging;
using OrleansBridge.Cache;
using OrleansBridge.Logging;

namespace OrleansBridge.Rendering;

/// <summary>Log events of the render workers (5400–5449).</summary>
internal sealed partial class RenderGrain
{
    [LoggerMessage(EventId = LogEvents.RenderStarted, Level = LogLevel.Information,
        Message = "Render {Worker} started: manifest {Manifest}, {Width}x{Height}, up to {Spp} spp, budget {Seconds} s (0: none).")]
    private partial void LogStarted(string worker, ContentHash manifest, int width, int height, int spp, double seconds);

    [LoggerMessage(EventId = LogEvents.RenderFinished, Level = LogLevel.Information,
        Message = "Render {Worker} finished: manifest {Manifest} → image {Image}, {Spp} spp in {Seconds:F2} s, {Rate:F0} samples/s.")]
    private partial void LogFinished(string worker, ContentHash manifest, ContentHash image, int spp, double seconds, double rate);

    [LoggerMessage(EventId = LogEvents.RenderSceneBuilt, Level = LogLevel.Information,
        Message = "Scene {Manifest} prepared for rendering: {Triangles} triangles in {Milliseconds:F0} ms.")]
    private partial void LogSceneBuilt(ContentHash manifest, long triangles, double milliseconds);

    [LoggerMessage(EventId = LogEvents.RenderEncodeFailed, Level = LogLevel.Warning,
        Message = "Encoding a {Format} image failed: {Problem}")]
    private partial void LogEncodeFailed(string format, string problem);
}
