using System.Diagnostics;
using OrleansBridge.Video;

namespace OrleansBridge.Client;

/// <summary>One video frame as received: its side data and its encoded bytes.</summary>
/// <param name="Info">The side data (docs/protocol.md §6.7).</param>
/// <param name="Data">The encoded frame: an Annex-B access unit or one image file.</param>
/// <param name="ReceivedTimestamp">When it arrived, as <see cref="Stopwatch.GetTimestamp"/>.</param>
public sealed record VideoFrame(VideoFrameInfo Info, byte[] Data, long ReceivedTimestamp)
{
    private Action? _acknowledge;

    /// <summary>The frame's media id (1, 2, 3 … per session): what a MediaAck names.</summary>
    public uint MediaId { get; init; }

    /// <summary>
    /// When this session sent the <c>scene.commit</c> of the transaction the frame names, as
    /// <see cref="Stopwatch.GetTimestamp"/>; null when another client committed it, or the frame names none.
    /// </summary>
    public long? EditSentTimestamp { get; init; }

    /// <summary>Where the frame's time went on the server, in ms since the server read the edit (absent from servers before it).</summary>
    public VideoFrameTimeline? Timeline => Info.Timeline;

    /// <summary>This client's edit-to-photon: from sending the commit the frame names to the frame's arrival.</summary>
    public TimeSpan? EditToPhoton => EditSentTimestamp is { } sent ? Stopwatch.GetElapsedTime(sent, ReceivedTimestamp) : null;

    /// <summary>
    /// The part of <see cref="EditToPhoton"/> the server's timeline does not cover: the commit's way to the
    /// server and the frame's way back (sockets at both ends included). The clocks are never compared:
    /// it is this client's interval less the server's own (<see cref="VideoFrameTimeline.Sent"/>).
    /// </summary>
    public TimeSpan? Transit => EditToPhoton is { } total && Timeline is { } timeline ? total - TimeSpan.FromMilliseconds(timeline.Sent) : null;

    /// <summary>
    /// Sends the frame's MediaAck now: with <see cref="BridgeClientOptions.ManualMediaAck"/>, call it once
    /// the frame is on screen (the server paces the stream on it); otherwise the SDK has sent it when the
    /// frame handlers returned and this does nothing. Only the first call counts.
    /// </summary>
    public void Acknowledge() => Interlocked.Exchange(ref _acknowledge, null)?.Invoke();

    internal VideoFrame WithAcknowledge(Action acknowledge)
    {
        _acknowledge = acknowledge;
        return this;
    }
}
