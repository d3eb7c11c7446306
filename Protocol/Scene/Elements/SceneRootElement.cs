namespace OrleansBridge.Scene.Elements;

/// <summary>The scene itself: what is in it, the camera it is seen through, its options.</summary>
/// <param name="Roots">Instance element names at the top of the hierarchy.</param>
/// <param name="Camera">An instance whose target is a camera, or null.</param>
/// <param name="Options">An options element's name, or null for the defaults.</param>
public sealed record SceneRootElement(IReadOnlyList<string> Roots, string? Camera = null, string? Options = null) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "scene";
}
