using System.Text.Json.Serialization;

namespace OrleansBridge.Scene.Elements;

/// <summary>
/// A named, typed element of a scene (docs/scene.md). Elements are immutable values: an edit
/// replaces the element, and its canonical JSON (<see cref="SceneCanonical"/>) hashes to its identity.
/// The <c>type</c> property of the JSON names the kind.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(MeshElement), "mesh")]
[JsonDerivedType(typeof(TextureElement), "texture")]
[JsonDerivedType(typeof(MaterialElement), "material")]
[JsonDerivedType(typeof(LightElement), "light")]
[JsonDerivedType(typeof(CameraElement), "camera")]
[JsonDerivedType(typeof(InstanceElement), "instance")]
[JsonDerivedType(typeof(GroupElement), "group")]
[JsonDerivedType(typeof(OptionsElement), "options")]
[JsonDerivedType(typeof(SceneRootElement), "scene")]
public abstract record SceneElement
{
    /// <summary>The kind's name as written in JSON (<c>mesh</c>, <c>material</c>, …).</summary>
    [JsonIgnore]
    public abstract string Kind { get; }
}
