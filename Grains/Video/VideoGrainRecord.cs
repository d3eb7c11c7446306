namespace OrleansBridge.Video;

/// <summary>A video grain's stored contexts (grain state <c>video</c>).</summary>
internal sealed record VideoGrainRecord(IReadOnlyList<StoredVideoContext> Contexts);

/// <summary>One stored context: what a new activation needs to start it again where the stream left off.</summary>
internal sealed record StoredVideoContext(string Application, string Context, long Generation, VideoSettingsParams Settings, long FramesSent, string? LastTransaction);
