using OrleansBridge.Video;

namespace OrleansBridge.Client;

/// <summary>One video frame as received: its side data and its encoded bytes.</summary>
/// <param name="Info">The side data (docs/protocol.md §6.7).</param>
/// <param name="Data">The encoded frame: an Annex-B access unit or one image file.</param>
/// <param name="ReceivedTimestamp">When it arrived, as <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</param>
public sealed record VideoFrame(VideoFrameInfo Info, byte[] Data, long ReceivedTimestamp);
