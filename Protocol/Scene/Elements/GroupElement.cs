namespace OrleansBridge.Scene.Elements;

/// <summary>A set of instances (or other groups, through instances) placed together by an instance of the group.</summary>
/// <param name="Children">Instance element names.</param>
public sealed record GroupElement(IReadOnlyList<string> Children) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "group";
}
