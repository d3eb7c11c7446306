using OrleansBridge.Video;

namespace OrleansBridge.Cli.Commands;

/// <summary>One frame's line in the <c>timelines</c> of <c>bridge stream --json</c>.</summary>
/// <param name="Frame">The frame's number in its context.</param>
/// <param name="Transaction">The transaction the frame reflects, if any.</param>
/// <param name="Spp">Samples per pixel in the image.</param>
/// <param name="PixelSize">1, or n for a coarse preview.</param>
/// <param name="Preview">The first frame after a change.</param>
/// <param name="EditToPhotonMs">From this client sending the commit the frame names to the frame's arrival (null when it committed none).</param>
/// <param name="TransitMs">The part of that the server's timeline does not cover: the network both ways.</param>
/// <param name="Timeline">The server's timeline, as in the side data (docs/protocol.md §6.7).</param>
internal sealed record StreamFrameTimeline(long Frame, string? Transaction, int Spp, int PixelSize, bool Preview,
    double? EditToPhotonMs, double? TransitMs, VideoFrameTimeline? Timeline);
