using Orleans;
using Orleans.Concurrency;

namespace OrleansBridge.Video;

/// <summary>
/// The video contexts of one session (key: the session id), rendered and encoded where this grain
/// lives: on a silo of the render role when the cluster has one, else beside the session. The
/// session's silo (<c>VideoContexts</c>) holds what the client asked for and is the authority: it opens
/// every context here, renews a lease, and opens again what a fresh activation lacks (its render silo
/// died). Encoded frames go back through the session's <see cref="IVideoSink"/>; events go to the
/// session grain. One grain for a session's contexts keeps them on one silo, where its scene is prepared.
/// </summary>
[Alias("bridge.video")]
public interface IVideoGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens context <paramref name="open"/>.Context (or takes it over when it is open: new settings,
    /// new sink, a keyframe next). Returns the encoder's name (h264_nvenc, libx264, mjpeg, …).
    /// </summary>
    Task<string> OpenAsync(VideoOpen open);

    /// <summary>New settings for an open context; false when it is not open here.</summary>
    Task<bool> UpdateAsync(string context, VideoSettingsParams settings);

    /// <summary>The next frame of the context is a keyframe; false when it is not open here.</summary>
    Task<bool> KeyframeAsync(string context);

    /// <summary>The context's encoder starts over (implies a keyframe); false when it is not open here.</summary>
    Task<bool> ResetAsync(string context);

    /// <summary>Closes a context; its render loop and encoder stop before this returns.</summary>
    Task CloseAsync(string context);

    /// <summary>Closes every context (the session closed).</summary>
    Task CloseAllAsync();

    /// <summary>A commit of the session's scene: every context renders the new head.</summary>
    [OneWay]
    Task SceneChangedAsync(VideoEdit edit);

    /// <summary>
    /// Renews the lease of <paramref name="sink"/> (the session's silo is alive) and says which of
    /// <paramref name="contexts"/> are not open here (a fresh activation: they must be opened again).
    /// </summary>
    Task<VideoLease> RenewAsync(IVideoSink sink, string[] contexts);

    /// <summary>
    /// The session continues on another silo: frames go to <paramref name="sink"/> from now on, each
    /// context starts again with a keyframe. Contexts a previous activation stored are started again;
    /// <paramref name="known"/> is what the new silo itself knows of them (it served the session
    /// before), which wins where it is further on (frames sent). Returns the contexts open here, for
    /// the new silo to track.
    /// </summary>
    Task<VideoContextState[]> AttachAsync(IVideoSink sink, VideoContextState[] known);

    /// <summary>The session left the silo of <paramref name="sink"/>: frames are dropped until a new sink attaches or the lease ends.</summary>
    Task DetachAsync(IVideoSink sink);
}

/// <summary>
/// Where a session's video grain sends encoded frames: an Orleans observer on the silo whose gateway
/// holds the client's socket, which queues them on the session's media queue (docs/protocol.md §6.7).
/// </summary>
[Alias("bridge.video-sink")]
public interface IVideoSink : IGrainObserver
{
    /// <summary>
    /// Queues one Media frame (bulk layout, its header's media id patched on queueing) of a context
    /// opened as <paramref name="generation"/>. Refused when the context has its maximum pending, is
    /// closed, or was opened again since (another generation).
    /// </summary>
    Task<VideoSinkState> DeliverAsync(string context, long generation, [Immutable] byte[] frame, string? transaction);

    /// <summary>The context's flow-control state, without sending.</summary>
    Task<VideoSinkState> StateAsync(string context, long generation);
}

/// <summary>What a video grain needs to open (or take over) one context.</summary>
/// <param name="Application">The session's application (whose cache and scene it renders).</param>
/// <param name="Context">The context's id within the session.</param>
/// <param name="Generation">Counts the openings of this context; frames of an older one are refused.</param>
/// <param name="Settings">Every setting, validated by the session's silo.</param>
/// <param name="Sink">Where frames go.</param>
/// <param name="LastTransaction">The last transaction the session committed, named by the first frames of a context opened again; null for a new one.</param>
/// <param name="FramesSent">Frames of the context its client was sent so far: a context opened again numbers on from there.</param>
[GenerateSerializer, Immutable, Alias("bridge.video-open")]
public sealed record VideoOpen(
    [property: Id(0)] string Application,
    [property: Id(1)] string Context,
    [property: Id(2)] long Generation,
    [property: Id(3)] VideoSettingsParams Settings,
    [property: Id(4)] IVideoSink Sink,
    [property: Id(5)] string? LastTransaction,
    [property: Id(6)] long FramesSent);

/// <summary>
/// A commit of the session's scene as a video grain sees it. The times are ages (milliseconds before the
/// message was sent) so that no two silos' clocks are compared: the receiver places the edit on its own
/// clock, late by the message's transit.
/// </summary>
/// <param name="Transaction">The transaction committed.</param>
/// <param name="Version">The scene version it made.</param>
/// <param name="ReceivedAgoMs">How long ago the gateway read the commit request.</param>
/// <param name="CommittedAgoMs">How long ago the commit was applied.</param>
[GenerateSerializer, Immutable, Alias("bridge.video-edit")]
public sealed record VideoEdit(
    [property: Id(0)] string Transaction,
    [property: Id(1)] long Version,
    [property: Id(2)] double ReceivedAgoMs,
    [property: Id(3)] double CommittedAgoMs);

/// <summary>The answer to <see cref="IVideoGrain.RenewAsync"/>.</summary>
/// <param name="Missing">Contexts asked about that are not open here.</param>
/// <param name="Silo">The silo this grain runs on (logs and operators).</param>
[GenerateSerializer, Immutable, Alias("bridge.video-lease")]
public sealed record VideoLease([property: Id(0)] string[] Missing, [property: Id(1)] string Silo);

/// <summary>A context open on a video grain, as <see cref="IVideoGrain.AttachAsync"/> reports it.</summary>
[GenerateSerializer, Immutable, Alias("bridge.video-context")]
public sealed record VideoContextState(
    [property: Id(0)] string Application,
    [property: Id(1)] string Context,
    [property: Id(2)] long Generation,
    [property: Id(3)] VideoSettingsParams Settings,
    [property: Id(4)] string Encoder,
    [property: Id(5)] long FramesSent);

/// <summary>A context's flow control as its sink sees it (docs/protocol.md §6.7, MediaAck).</summary>
/// <param name="Accepted">The frame was queued (for <see cref="IVideoSink.DeliverAsync"/>).</param>
/// <param name="Open">The context is open there in this generation; false: stop sending.</param>
/// <param name="Pending">Frames queued or sent and not yet acknowledged.</param>
/// <param name="MaxPending">The context's bound on them.</param>
/// <param name="Epoch">Changes when a new connection dropped pending frames (a keyframe is due).</param>
/// <param name="AcknowledgedBytes">Bytes the client acknowledged so far.</param>
[GenerateSerializer, Immutable, Alias("bridge.video-sink-state")]
public readonly record struct VideoSinkState(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] bool Open,
    [property: Id(2)] int Pending,
    [property: Id(3)] int MaxPending,
    [property: Id(4)] int Epoch,
    [property: Id(5)] long AcknowledgedBytes);
