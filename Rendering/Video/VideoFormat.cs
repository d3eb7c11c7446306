namespace OrleansBridge.Rendering.Video;

/// <summary>What a video context sends per frame (docs/video.md).</summary>
public enum VideoFormat
{
    /// <summary>H.264 Annex-B access units, one per frame (NVENC when the host has it, else libx264).</summary>
    H264,

    /// <summary>Baseline JPEG per frame, 8-bit sRGB (ffmpeg's mjpeg encoder in a long-lived process).</summary>
    Jpg,

    /// <summary>PNG per frame, 8-bit sRGB, encoded in process.</summary>
    Png,

    /// <summary>Lossy WebP per frame (ffmpeg's libwebp in a long-lived process).</summary>
    Webp,

    /// <summary>OpenEXR per frame, linear half floats, ZIP, encoded in process.</summary>
    Exr,

    /// <summary>The linear film as raw little-endian float32 R, G, B per pixel, top row first.</summary>
    Lossless,
}

/// <summary>Names of <see cref="VideoFormat"/> on the wire.</summary>
public static class VideoFormats
{
    /// <summary>The wire name: <c>h264</c>, <c>jpg</c>, <c>png</c>, <c>webp</c>, <c>exr</c>, <c>lossless</c>.</summary>
    public static string Name(VideoFormat format) => format switch
    {
        VideoFormat.H264 => "h264",
        VideoFormat.Jpg => "jpg",
        VideoFormat.Png => "png",
        VideoFormat.Webp => "webp",
        VideoFormat.Exr => "exr",
        _ => "lossless",
    };

    /// <summary>Parses a wire name (case-insensitive; <c>jpeg</c> is accepted for <c>jpg</c>).</summary>
    public static bool TryParse(string? name, out VideoFormat format)
    {
        switch (name?.ToUpperInvariant())
        {
            case "H264": format = VideoFormat.H264; return true;
            case "JPG" or "JPEG": format = VideoFormat.Jpg; return true;
            case "PNG": format = VideoFormat.Png; return true;
            case "WEBP": format = VideoFormat.Webp; return true;
            case "EXR": format = VideoFormat.Exr; return true;
            case "LOSSLESS": format = VideoFormat.Lossless; return true;
            default: format = default; return false;
        }
    }

    /// <summary>True for the formats encoded by an ffmpeg process.</summary>
    public static bool UsesFfmpeg(VideoFormat format) => format is VideoFormat.H264 or VideoFormat.Jpg or VideoFormat.Webp;
}
