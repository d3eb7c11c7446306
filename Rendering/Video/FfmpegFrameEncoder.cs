using System.Diagnostics;
using FFMpegCore;
using OrleansBridge.Rendering.Integrators;
using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// H.264, JPEG or WebP through one long-lived ffmpeg process per stream: a tone-mapped rgb24 frame
/// goes to its stdin, the encoded frame is read back from its stdout before the next one is written,
/// so at most one frame is ever inside the encoder (the pipes are the only buffers, and bounded).
/// <para>
/// Keyframes on request: ffmpeg 5.1 cannot be told from outside to force a keyframe on a raw pipe
/// (<c>-force_key_frames</c> takes times or an expression of frame number and time fixed at start;
/// the <c>source</c> mode that follows input key flags came in 6.1 and would need a container that
/// carries them). A new encoder process always starts with an IDR carrying SPS and PPS, so a keyframe
/// request, a bitrate change (libx264 in ffmpeg cannot be reconfigured through the pipe either), a
/// reset and a death all restart the process; starting one costs tens of milliseconds, paid only then.
/// </para>
/// <para>
/// ffmpeg runs through FFMpegCore (<see cref="FfmpegPipeRun"/>): frames go in through its input pipe and the
/// encoded stream comes out through its output pipe, both Unix-domain sockets that FFMpegCore creates.
/// </para>
/// </summary>
public sealed class FfmpegFrameEncoder : IFrameEncoder
{
    private readonly byte[] _rgb;
    private FfmpegPipeRun? _process;
    private FlvAccessUnitReader? _flv;
    private ImagePipeReader? _images;
    private int _bitrateKbps;
    private bool _restart;

    /// <summary>An encoder for <paramref name="settings"/>; the process starts with the first frame.</summary>
    public FfmpegFrameEncoder(EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!VideoFormats.UsesFfmpeg(settings.Format))
        {
            throw new ArgumentException($"{settings.Format} is encoded in process.", nameof(settings));
        }

        if (settings.Format == VideoFormat.H264 && (settings.Width % 2 != 0 || settings.Height % 2 != 0))
        {
            throw new ArgumentException("H.264 with 4:2:0 chroma needs an even width and height.", nameof(settings));
        }

        Settings = settings;
        _bitrateKbps = settings.BitrateKbps;
        _rgb = new byte[settings.Width * settings.Height * 3];
    }

    /// <inheritdoc />
    public EncoderSettings Settings { get; }

    /// <inheritdoc />
    public int? ProcessId => _process?.Id;

    /// <inheritdoc />
    public int Starts { get; private set; }

    /// <inheritdoc />
    public void RequestKeyframe() => _restart = true;

    /// <inheritdoc />
    public void SetBitrate(int kbps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kbps, 1);
        if (Settings.Format == VideoFormat.H264 && kbps != _bitrateKbps)
        {
            _bitrateKbps = kbps;
            _restart = true;
        }
    }

    /// <inheritdoc />
    public async ValueTask<EncodeOutcome> EncodeAsync(LinearImage image, ToneMapping mapping, float exposureStops, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != Settings.Width || image.Height != Settings.Height)
        {
            throw new ArgumentException($"The encoder takes {Settings.Width}x{Settings.Height} frames, not {image.Width}x{image.Height}.", nameof(image));
        }

        var started = Stopwatch.GetTimestamp();
        FastToneMapper.ToSrgb8(image, mapping, exposureStops, _rgb);
        return await EncodeRgbAsync(_rgb, started, cancellationToken);
    }

    /// <summary>Encodes one rgb24 frame (width × height × 3 bytes); the bench feeds frames this way.</summary>
    public ValueTask<EncodeOutcome> EncodeRgbAsync(ReadOnlyMemory<byte> rgb, CancellationToken cancellationToken) =>
        EncodeRgbAsync(rgb, Stopwatch.GetTimestamp(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async ValueTask<EncodeOutcome> EncodeRgbAsync(ReadOnlyMemory<byte> rgb, long started, CancellationToken cancellationToken)
    {
        if (_process is { HasExited: true } dead)
        {
            // It died between frames (killed, crashed): report it; the next frame starts a new one.
            return await FailAsync(dead, "the encoder process ended");
        }

        if (_restart)
        {
            await StopAsync();
        }

        var process = _process ?? Start();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.FrameTimeout);
        Stream? input = null;
        try
        {
            input = await process.Input.WaitAsync(timeout.Token);
            await input.WriteAsync(rgb, timeout.Token);
            await input.FlushAsync(timeout.Token);
            if (_flv is null && _images is null)
            {
                // ffmpeg opens its output once it has the input's first frame; read through its pipe from then on.
                var output = await process.Output.WaitAsync(timeout.Token);
                (_flv, _images) = Settings.Format == VideoFormat.H264
                    ? (new FlvAccessUnitReader(output), null)
                    : ((FlvAccessUnitReader?)null, new ImagePipeReader(output, Settings.Format));
            }

            EncodedFrame? frame;
            if (_flv is { } flv)
            {
                var unit = await flv.ReadAsync(timeout.Token);
                frame = unit is { } u ? new EncodedFrame(u.Data, u.Keyframe, Stopwatch.GetElapsedTime(started), _bitrateKbps) : null;
            }
            else
            {
                var data = await _images!.ReadAsync(timeout.Token);
                frame = data is null ? null : new EncodedFrame(data, true, Stopwatch.GetElapsedTime(started), 0);
            }

            if (frame is not null)
            {
                return EncodeOutcome.Ok(frame);
            }

            return await FailAsync(process, "the encoder's output ended");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(process, $"no frame within {Settings.FrameTimeout.TotalSeconds:0.#} s", hung: true);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException)
        {
            return await FailAsync(process, ex.Message);
        }
        catch (InvalidOperationException ex) when (input is System.IO.Pipes.PipeStream { IsConnected: false })
        {
            // A process that died after the check above: its stdin pipe is already known to be broken, and
            // writing to it throws this rather than an IOException.
            return await FailAsync(process, ex.Message);
        }
    }

    private FfmpegPipeRun Start()
    {
        var options = GlobalFFOptions.Current.Clone();
        if (Settings.FfmpegFolder is { } folder)
        {
            options.BinaryFolder = folder;
        }

        var (input, output) = FfmpegArguments.ForPipes(Settings, _bitrateKbps);
        var process = FfmpegPipeRun.Start(options, input, output);
        _process = process;
        _restart = false;
        Starts++;
        return process;
    }

    private async ValueTask<EncodeOutcome> FailAsync(FfmpegPipeRun process, string what, bool hung = false)
    {
        if (!hung)
        {
            // Give a dying process a moment to end, so the report has its exit code and error output.
            await process.WaitForEndAsync();
        }

        await StopAsync();
        return EncodeOutcome.Fail($"{what}: {process.Describe()}");
    }

    private async ValueTask StopAsync()
    {
        var process = _process;
        _process = null;
        _flv = null;
        _images = null;
        if (process is not null)
        {
            await process.DisposeAsync();
        }
    }
}
