using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering;

/// <summary>A still rendered in process, or the error code and message of why there is none.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="Encoded">The image in the requested format.</param>
/// <param name="Image">The linear radiance buffer.</param>
/// <param name="SamplesPerPixel">Samples per pixel rendered.</param>
/// <param name="RenderSeconds">Wall time of the render passes only.</param>
/// <param name="RenderCpuSeconds">CPU time of this process (every thread) during the render passes.</param>
/// <param name="SceneSeconds">Import, adapt and BVH build time.</param>
/// <param name="Triangles">Triangles over all instances.</param>
public sealed record LocalStillOutcome(
    ErrorCode Error,
    string? Message,
    byte[] Encoded,
    LinearImage? Image,
    int SamplesPerPixel,
    double RenderSeconds,
    double RenderCpuSeconds,
    double SceneSeconds,
    long Triangles)
{
    /// <summary>Width × height × spp per second of render time.</summary>
    public double SamplesPerSecond => Image is null || RenderSeconds <= 0 ? 0 : (double)Image.Width * Image.Height * SamplesPerPixel / RenderSeconds;

    /// <summary>A failure.</summary>
    public static LocalStillOutcome Fail(ErrorCode error, string message) => new(error, message, [], null, 0, 0, 0, 0, 0);
}
