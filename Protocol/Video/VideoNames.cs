namespace OrleansBridge.Video;

/// <summary>Method and event names of video contexts (docs/protocol.md §6.7).</summary>
public static class VideoNames
{
    public const string Create = "video.create";
    public const string Update = "video.update";
    public const string Keyframe = "video.keyframe";
    public const string Reset = "video.reset";
    public const string Close = "video.close";
    public const string ProgressEvent = "video.progress";
    public const string ErrorEvent = "video.error";
}
