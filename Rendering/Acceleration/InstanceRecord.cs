using System.Numerics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// An instance as traversal and shading read it: both transforms, the normal matrix, which mesh and
/// material, and whether hits need the alpha filter.
/// </summary>
internal readonly struct InstanceRecord
{
    /// <summary>Object-to-world transform (row vectors).</summary>
    public readonly Matrix4x4 ObjectToWorld;

    /// <summary>World-to-object transform: rays enter object space through it.</summary>
    public readonly Matrix4x4 WorldToObject;

    /// <summary>Transforms object normals to world: the transpose of <see cref="WorldToObject"/>.</summary>
    public readonly Matrix4x4 NormalToWorld;

    /// <summary>Mesh index.</summary>
    public readonly int Mesh;

    /// <summary>Material index (the scene's default material when the instance names none).</summary>
    public readonly int Material;

    /// <summary>True when the transform is the identity: rays are used as they are.</summary>
    public readonly bool IsIdentity;

    /// <summary>True when the material is masked or blended.</summary>
    public readonly bool IsAlphaTested;

    /// <summary>Creates the record; <paramref name="worldToObject"/> is the inverse of <paramref name="objectToWorld"/>.</summary>
    public InstanceRecord(Matrix4x4 objectToWorld, Matrix4x4 worldToObject, int mesh, int material, bool alphaTested)
    {
        ObjectToWorld = objectToWorld;
        WorldToObject = worldToObject;
        NormalToWorld = Matrix4x4.Transpose(worldToObject);
        Mesh = mesh;
        Material = material;
        IsIdentity = objectToWorld.IsIdentity;
        IsAlphaTested = alphaTested;
    }
}
