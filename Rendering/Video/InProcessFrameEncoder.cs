using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering.Imaging;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// PNG, EXR and raw float frames, encoded in this process: for these a pipe to ffmpeg would only add
/// copies (PNG and EXR writers are here already; raw floats need no encoding at all).
/// </summary>
public sealed class InProcessFrameEncoder : IFrameEncoder
{
    private readonly byte[] _rgb;

    /// <summary>An encoder for <paramref name="settings"/> (format png, exr or lossless).</summary>
    public InProcessFrameEncoder(EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (VideoFormats.UsesFfmpeg(settings.Format))
        {
            throw new ArgumentException($"{settings.Format} is encoded by ffmpeg.", nameof(settings));
        }

        Settings = settings;
        _rgb = settings.Format == VideoFormat.Png ? new byte[settings.Width * settings.Height * 3] : [];
    }

    /// <inheritdoc />
    public EncoderSettings Settings { get; }

    /// <inheritdoc />
    public int? ProcessId => null;

    /// <inheritdoc />
    public int Starts => 0;

    /// <inheritdoc />
    public void RequestKeyframe()
    {
        // Every image is a keyframe.
    }

    /// <inheritdoc />
    public void SetBitrate(int kbps)
    {
        // Image formats have no bitrate.
    }

    /// <inheritdoc />
    public ValueTask<EncodeOutcome> EncodeAsync(LinearImage image, ToneMapping mapping, float exposureStops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var started = Stopwatch.GetTimestamp();
        byte[] data;
        switch (Settings.Format)
        {
            case VideoFormat.Png:
                ToneMapper.ToSrgb8(image, mapping, exposureStops, _rgb);
                data = PngEncoder.EncodeRgb8(_rgb, image.Width, image.Height, CompressionLevel.Fastest);
                break;
            case VideoFormat.Exr:
                data = ExrEncoder.Encode(image, ExrPixelType.Half, ExrCompression.Zip);
                break;
            default:
                // Raw little-endian float32 R, G, B (this library only runs on little-endian hosts).
                data = MemoryMarshal.AsBytes(image.Pixels.AsSpan()).ToArray();
                break;
        }

        return ValueTask.FromResult(EncodeOutcome.Ok(new EncodedFrame(data, true, Stopwatch.GetElapsedTime(started), 0)));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
