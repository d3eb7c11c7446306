namespace OrleansBridge.Scene.Elements;

/// <summary>
/// Places a mesh, light, camera or group in the scene with a transform: 16 floats, column-major, as
/// glTF's node matrix. A material override replaces the mesh's material for this instance.
/// </summary>
/// <param name="Target">The placed element's name: a mesh, light, camera or group.</param>
/// <param name="Transform">Column-major 4×4 matrix; null for identity.</param>
/// <param name="MaterialOverride">A material element's name, or null.</param>
public sealed record InstanceElement(string Target, float[]? Transform = null, string? MaterialOverride = null) : SceneElement
{
    /// <inheritdoc />
    public override string Kind => "instance";
}
