namespace OrleansBridge.Video;

/// <summary>
/// The render side of a frame's timeline: the receipt of the edit (the origin), its commit reaching the
/// context, the scene loaded, the first pass for the view started, the image resolved.
/// </summary>
internal readonly record struct FrameStamps(long Origin, long Committed, long Loaded, long RenderStart, long RenderEnd);
