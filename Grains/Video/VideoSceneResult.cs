
namespace OrleansBridge.Video;

/// <summary>A loaded scene, or why not (<see cref="ErrorCode.VideoSceneUnavailable"/> and a message).</summary>
public sealed record VideoSceneResult(VideoScene? Scene, ErrorCode Error, string? Message)
{
    /// <summary>Success.</summary>
    public static VideoSceneResult Ok(VideoScene scene) => new(scene, ErrorCode.None, null);

    /// <summary>Failure.</summary>
    public static VideoSceneResult Fail(string message) => new(null, ErrorCode.VideoSceneUnavailable, message);
}
