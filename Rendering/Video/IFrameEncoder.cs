using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// Encodes the frames of one stream, one at a time (not thread-safe against itself). Implementations
/// hold at most one frame in flight, so nothing queues up inside an encoder.
/// </summary>
public interface IFrameEncoder : IAsyncDisposable
{
    /// <summary>The settings in force.</summary>
    EncoderSettings Settings { get; }

    /// <summary>The encoder's ffmpeg process id while one runs (for operators and for tests that kill it), else null.</summary>
    int? ProcessId { get; }

    /// <summary>How many times the encoder process was (re)started.</summary>
    int Starts { get; }

    /// <summary>The next frame is a keyframe (a client joined, asked for one, or lost frames).</summary>
    void RequestKeyframe();

    /// <summary>Changes the bitrate from the next frame on (H.264 only; others ignore it).</summary>
    void SetBitrate(int kbps);

    /// <summary>
    /// Encodes <paramref name="image"/>, tone mapped by <paramref name="mapping"/> and
    /// <paramref name="exposureStops"/> for 8-bit formats. A failure is returned, not thrown; the next
    /// call starts a fresh encoder process and a keyframe.
    /// </summary>
    ValueTask<EncodeOutcome> EncodeAsync(LinearImage image, ToneMapping mapping, float exposureStops, CancellationToken cancellationToken);
}
