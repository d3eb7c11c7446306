using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// H.264 through libx264 called in process (<see cref="X264Native"/>): one encoder for the life of the
/// stream. A keyframe request forces the next picture's type to IDR and a bitrate change goes through
/// <c>x264_encoder_reconfig</c> (its VBV is on from the start, which is what lets the rate change), so
/// neither restarts anything, unlike <see cref="FfmpegFrameEncoder"/>, whose process must be replaced
/// for both. The settings are <see cref="FfmpegFrameEncoder"/>'s libx264 ones (ultrafast, zerolatency,
/// no B-frames, unbounded GOP, no scene-cut keyframes, VBV at the bitrate with a half-second buffer),
/// and each frame leaves as the same Annex-B access unit: an access unit delimiter, SPS and PPS ahead
/// of every IDR (<c>repeat-headers</c>), the slices; every start code 4 bytes long.
/// </summary>
public sealed unsafe class X264FrameEncoder : IFrameEncoder
{
    private static readonly byte[] StartCode = [0, 0, 0, 1];

    private readonly byte[] _rgb;

    /// <summary>Held while libx264 or its buffers are in use, so that a dispose never frees them under an encode.</summary>
    private readonly Lock _native = new();
    private readonly byte* _param;
    private readonly X264Picture* _picture;
    private nint _encoder;
    private int _bitrateKbps;
    private int _configuredKbps;
    private bool _keyframe;
    private long _pts;
    private bool _disposed;

    /// <summary>An encoder for <paramref name="settings"/> (H.264, even size); libx264 opens with the first frame.</summary>
    public X264FrameEncoder(EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Format != VideoFormat.H264 || settings.Width % 2 != 0 || settings.Height % 2 != 0)
        {
            throw new ArgumentException("libx264 here encodes H.264 with 4:2:0 chroma: an even width and height.", nameof(settings));
        }

        if (!X264Native.IsAvailable)
        {
            throw new InvalidOperationException($"libx264 cannot be used: {X264Native.Unavailable}.");
        }

        Settings = settings;
        _bitrateKbps = settings.BitrateKbps;
        _rgb = new byte[settings.Width * settings.Height * 3];
        _param = (byte*)NativeMemory.AllocZeroed(X264Layout.ParamSize);
        _picture = (X264Picture*)NativeMemory.AllocZeroed(X264Layout.PictureSize);
        if (X264Native.PictureAlloc(_picture, X264Native.CspI420, settings.Width, settings.Height) != 0)
        {
            NativeMemory.Free(_param);
            NativeMemory.Free(_picture);
            throw new InvalidOperationException("x264_picture_alloc failed.");
        }
    }

    /// <summary>True when libx264 build 164 loads here (else <see cref="FrameEncoders"/> uses ffmpeg).</summary>
    public static bool IsAvailable => X264Native.IsAvailable;

    /// <summary>Why libx264 cannot be called in process here, or null when it can.</summary>
    public static string? Unavailable => X264Native.Unavailable;

    /// <inheritdoc />
    public EncoderSettings Settings { get; }

    /// <inheritdoc />
    /// <remarks>Always null: there is no process.</remarks>
    public int? ProcessId => null;

    /// <inheritdoc />
    /// <remarks>How many times libx264 was opened: once, unless an encode failed.</remarks>
    public int Starts { get; private set; }

    /// <summary>Frames encoded by the libx264 instance now open (its pts runs on across keyframes and bitrate changes).</summary>
    public long FramesEncoded => _pts;

    /// <summary>How many bitrate changes went through <c>x264_encoder_reconfig</c>.</summary>
    public int Reconfigurations { get; private set; }

    /// <inheritdoc />
    public void RequestKeyframe() => _keyframe = true;

    /// <inheritdoc />
    public void SetBitrate(int kbps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kbps, 1);
        _bitrateKbps = kbps;
    }

    /// <inheritdoc />
    public ValueTask<EncodeOutcome> EncodeAsync(LinearImage image, ToneMapping mapping, float exposureStops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != Settings.Width || image.Height != Settings.Height)
        {
            throw new ArgumentException($"The encoder takes {Settings.Width}x{Settings.Height} frames, not {image.Width}x{image.Height}.", nameof(image));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        FastToneMapper.ToSrgb8(image, mapping, exposureStops, _rgb);
        return ValueTask.FromResult(Encode(_rgb, started));
    }

    /// <summary>Encodes one rgb24 frame (width × height × 3 bytes); the bench feeds frames this way.</summary>
    public EncodeOutcome EncodeRgb(ReadOnlySpan<byte> rgb) => Encode(rgb, Stopwatch.GetTimestamp());

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (_native)
        {
            if (!_disposed)
            {
                _disposed = true;
                Close();
                X264Native.PictureClean(_picture);
                NativeMemory.Free(_picture);
                NativeMemory.Free(_param);
            }
        }

        return ValueTask.CompletedTask;
    }

    private EncodeOutcome Encode(ReadOnlySpan<byte> rgb, long started)
    {
        lock (_native)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return EncodeLocked(rgb, started);
        }
    }

    private EncodeOutcome EncodeLocked(ReadOnlySpan<byte> rgb, long started)
    {
        if (_encoder == 0 && Open() is { } openFailure)
        {
            return EncodeOutcome.Fail(openFailure);
        }

        if (_bitrateKbps != _configuredKbps && !Reconfigure())
        {
            // x264 refused the new rate: open anew at it (an IDR), as the ffmpeg encoder would.
            Close();
            if (Open() is { } reopenFailure)
            {
                return EncodeOutcome.Fail(reopenFailure);
            }
        }

        var picture = _picture;
        I420Converter.FromRgb24(rgb, Settings.Width, Settings.Height,
            (byte*)picture->PlaneY, picture->StrideY, (byte*)picture->PlaneU, picture->StrideU, (byte*)picture->PlaneV, picture->StrideV);
        picture->Type = _keyframe ? X264Native.TypeIdr : X264Native.TypeAuto;
        picture->Pts = _pts;
        _keyframe = false;

        X264Picture output;
        X264Nal* nals;
        int count;
        var bytes = X264Native.EncoderEncode(_encoder, &nals, &count, picture, &output);
        if (bytes <= 0)
        {
            // zerolatency has no delayed frames, so 0 is as wrong as an error. Start over on the next frame.
            Close();
            return EncodeOutcome.Fail($"x264_encoder_encode returned {bytes} for frame {_pts} (libx264 in process); the next frame opens a new encoder");
        }

        _pts++;
        return EncodeOutcome.Ok(new EncodedFrame(ToAccessUnit(nals, count), output.Keyframe != 0, Stopwatch.GetElapsedTime(started), _configuredKbps));
    }

    /// <summary>The NAL units as one Annex-B access unit with 4-byte start codes (x264 gives 3-byte ones to all but the first slice).</summary>
    private static byte[] ToAccessUnit(X264Nal* nals, int count)
    {
        var total = 0;
        for (var i = 0; i < count; i++)
        {
            total += StartCode.Length + Body(nals[i]).Length;
        }

        var output = new byte[total];
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            StartCode.CopyTo(output, written);
            var body = Body(nals[i]);
            body.CopyTo(output.AsSpan(written + StartCode.Length));
            written += StartCode.Length + body.Length;
        }

        return output;
    }

    private static ReadOnlySpan<byte> Body(in X264Nal nal)
    {
        var payload = new ReadOnlySpan<byte>((byte*)nal.Payload, nal.PayloadSize);
        var skip = payload is [0, 0, 1, ..] ? 3 : payload is [0, 0, 0, 1, ..] ? 4 : -1;
        if (skip < 0)
        {
            throw new InvalidOperationException("libx264 gave a NAL unit without an Annex-B start code (annexb is set).");
        }

        return payload[skip..];
    }

    private string? Open()
    {
        var p = _param;
        NativeMemory.Clear(p, X264Layout.ParamSize);
        if (X264Native.ParamDefaultPreset(p, "ultrafast", "zerolatency") != 0)
        {
            return "x264_param_default_preset refused ultrafast/zerolatency";
        }

        *(int*)(p + X264Layout.ParamWidth) = Settings.Width;
        *(int*)(p + X264Layout.ParamHeight) = Settings.Height;
        *(int*)(p + X264Layout.ParamCsp) = X264Native.CspI420;
        X264Native.Set(p, "log", "0"); // errors only, to stderr
        X264Native.Set(p, "fps", Settings.Fps.ToString(CultureInfo.InvariantCulture));
        X264Native.Set(p, "force-cfr", "1"); // time base 1/fps, pts counts frames
        X264Native.Set(p, "keyint", "infinite");
        X264Native.Set(p, "scenecut", "0");
        X264Native.Set(p, "bframes", "0");
        X264Native.Set(p, "annexb", "1");
        X264Native.Set(p, "repeat-headers", "1");
        X264Native.Set(p, "aud", "1");
        SetRate(p, _bitrateKbps);
        if (X264Native.ParamApplyProfile(p, "high") != 0)
        {
            return "x264_param_apply_profile refused high";
        }

        _encoder = X264Native.EncoderOpen(p);
        if (_encoder == 0)
        {
            return $"x264_encoder_open failed for {Settings.Width}x{Settings.Height} at {_bitrateKbps} kbit/s (libx264 in process)";
        }

        _configuredKbps = _bitrateKbps;
        _keyframe = false; // the first frame of an encoder is an IDR
        _pts = 0;
        Starts++;
        return null;
    }

    private bool Reconfigure()
    {
        var current = stackalloc byte[X264Layout.ParamSize];
        X264Native.EncoderParameters(_encoder, current);
        SetRate(current, _bitrateKbps);
        if (X264Native.EncoderReconfig(_encoder, current) != 0)
        {
            return false;
        }

        _configuredKbps = _bitrateKbps;
        Reconfigurations++;
        return true;
    }

    /// <summary>ABR with the VBV at the rate and a half-second buffer: see <see cref="FfmpegArguments"/> for why.</summary>
    private static void SetRate(byte* p, int kbps)
    {
        X264Native.Set(p, "bitrate", kbps.ToString(CultureInfo.InvariantCulture));
        X264Native.Set(p, "vbv-maxrate", kbps.ToString(CultureInfo.InvariantCulture));
        X264Native.Set(p, "vbv-bufsize", Math.Max(kbps / 2, 1).ToString(CultureInfo.InvariantCulture));
    }

    private void Close()
    {
        if (_encoder != 0)
        {
            X264Native.EncoderClose(_encoder);
            _encoder = 0;
        }
    }
}
