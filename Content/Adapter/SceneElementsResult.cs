using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>A committed scene's elements by name, or why they could not be read.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Elements">The elements on success.</param>
public readonly record struct SceneElementsResult(ErrorCode Error, string? Message, IReadOnlyDictionary<string, SceneElement>? Elements)
{
    /// <summary>True when <see cref="Elements"/> is set.</summary>
    public bool Succeeded => Error == ErrorCode.None && Elements is not null;
}
