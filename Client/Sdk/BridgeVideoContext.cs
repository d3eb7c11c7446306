using System.Text.Json;
using OrleansBridge.Video;

namespace OrleansBridge.Client;

/// <summary>
/// A video context on the server (docs/protocol.md §6.7): its frames, progress and errors arrive as
/// events here. Frame handlers run on the SDK's receive loop and the frame is acknowledged when they
/// return, so a slow handler is a slow client: the server drops frames rather than queueing them.
/// </summary>
public sealed class BridgeVideoContext : IAsyncDisposable
{
    private readonly BridgeSession _session;
    private int _closed;

    internal BridgeVideoContext(BridgeSession session, VideoContextResult settings)
    {
        _session = session;
        Settings = settings;
    }

    /// <summary>The context's id (a new one when the SDK reopened the context after its session moved).</summary>
    public string Id => Settings.Context;

    /// <summary>How many times the SDK reopened this context because its session moved to a server that did not have it.</summary>
    public int Reopens { get; private set; }

    /// <summary>The settings the server put in force.</summary>
    public VideoContextResult Settings { get; private set; }

    /// <summary>Raised for each frame, on the receive loop.</summary>
    public event Action<VideoFrame>? FrameReceived;

    /// <summary>Raised for <c>video.progress</c>.</summary>
    public event Action<VideoProgressEvent>? Progress;

    /// <summary>Raised for <c>video.error</c>.</summary>
    public event Action<VideoErrorEvent>? Error;

    /// <summary>Changes settings; only the given fields change.</summary>
    public async Task<VideoContextResult> UpdateAsync(VideoSettingsParams changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Settings = await _session.VideoRequestAsync(VideoNames.Update, changes with { Context = Id }, VideoJson.Default.VideoSettingsParams,
            VideoJson.Default.VideoContextResult, cancellationToken);
        return Settings;
    }

    /// <summary>Asks for a keyframe.</summary>
    public Task RequestKeyframeAsync(CancellationToken cancellationToken = default) =>
        _session.VideoRequestAsync(VideoNames.Keyframe, new VideoContextParams(Id), VideoJson.Default.VideoContextParams, VideoJson.Default.VideoContextParams, cancellationToken);

    /// <summary>Restarts the encoder (a keyframe follows).</summary>
    public Task ResetEncoderAsync(CancellationToken cancellationToken = default) =>
        _session.VideoRequestAsync(VideoNames.Reset, new VideoContextParams(Id), VideoJson.Default.VideoContextParams, VideoJson.Default.VideoContextParams, cancellationToken);

    /// <summary>Closes the context on the server.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _session.ForgetVideo(Id);
            await _session.VideoRequestAsync(VideoNames.Close, new VideoContextParams(Id), VideoJson.Default.VideoContextParams,
                VideoJson.Default.VideoContextParams, cancellationToken);
        }
    }

    /// <summary>Closes the context; a session already gone is no error here.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (Exception ex) when (ex is BridgeRequestException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The session ended: the server released the context with it.
        }
    }

    internal void OnFrame(VideoFrame frame) => FrameReceived?.Invoke(frame);

    /// <summary>The same stream, opened again on the server that now serves the session.</summary>
    internal void Reopened(VideoContextResult settings)
    {
        Settings = settings;
        Reopens++;
    }

    /// <summary>The parameters that open this context again with the settings in force.</summary>
    internal VideoSettingsParams Reopening() => new(
        Camera: Settings.Camera, Width: Settings.Width, Height: Settings.Height, Format: Settings.Format, Mode: Settings.Mode,
        TargetKbps: Settings.TargetKbps, MinKbps: Settings.MinKbps, MaxKbps: Settings.MaxKbps, MaxFps: Settings.MaxFps,
        RenderFps: Settings.RenderFps, MaxPendingFrames: Settings.MaxPendingFrames, Spp: Settings.Spp,
        SamplesPerPass: Settings.SamplesPerPass, Quality: Settings.Quality, Denoise: Settings.Denoise,
        ClampDirect: Settings.ClampDirect, ClampIndirect: Settings.ClampIndirect, FilterGlossy: Settings.FilterGlossy, Diffuse: Settings.Diffuse,
        PixelFilter: Settings.PixelFilter, Adaptive: Settings.Adaptive);

    internal void OnEvent(string name, JsonElement data)
    {
        switch (name)
        {
            case VideoNames.ProgressEvent when data.Deserialize(VideoJson.Default.VideoProgressEvent) is { } progress:
                Progress?.Invoke(progress);
                break;
            case VideoNames.ErrorEvent when data.Deserialize(VideoJson.Default.VideoErrorEvent) is { } error:
                Error?.Invoke(error);
                break;
        }
    }
}
