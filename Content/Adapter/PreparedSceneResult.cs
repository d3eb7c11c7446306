
namespace OrleansBridge.Rendering.Adapter;

/// <summary>A prepared scene, or why it could not be prepared.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Scene">The scene on success.</param>
/// <param name="FromCache">True when the scene was already prepared.</param>
public readonly record struct PreparedSceneResult(ErrorCode Error, string? Message, PreparedScene? Scene, bool FromCache = false)
{
    /// <summary>True when <see cref="Scene"/> is set.</summary>
    public bool Succeeded => Error == ErrorCode.None && Scene is not null;
}
