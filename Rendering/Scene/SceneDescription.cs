namespace OrleansBridge.Rendering.Scene;

/// <summary>
/// Everything the renderer needs to make an image, as plain arrays: the renderer's own in-memory scene
/// input. Elements refer to each other by index; the shapes follow glTF 2.0 so that an adapter from
/// the scene database (elements by cache hash) is a straight mapping.
/// </summary>
public sealed record SceneDescription
{
    /// <summary>Triangle meshes (geometry only).</summary>
    public IReadOnlyList<MeshData> Meshes { get; init; } = [];

    /// <summary>Materials referenced by instances.</summary>
    public IReadOnlyList<MaterialData> Materials { get; init; } = [];

    /// <summary>Textures referenced by materials.</summary>
    public IReadOnlyList<TextureData> Textures { get; init; } = [];

    /// <summary>Placements of meshes with materials.</summary>
    public IReadOnlyList<InstanceData> Instances { get; init; } = [];

    /// <summary>Punctual lights. Emissive materials are lights too, found from the instances.</summary>
    public IReadOnlyList<LightData> Lights { get; init; } = [];

    /// <summary>The camera that makes the image.</summary>
    public CameraData Camera { get; init; } = new();

    /// <summary>Light from infinity; null is black.</summary>
    public EnvironmentData? Environment { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when an index points nowhere or data is inconsistent.</summary>
    public void Validate()
    {
        foreach (var mesh in Meshes)
        {
            var vertices = mesh.Positions.Length;
            if (mesh.Indices.Length % 3 != 0 || mesh.Indices.Any(i => (uint)i >= (uint)vertices))
            {
                throw new ArgumentException($"Mesh '{mesh.Id}' has indices that do not form triangles of its {vertices} vertices.");
            }

            if ((mesh.Normals is { } n && n.Length != vertices) || (mesh.TexCoords is { } t && t.Length != vertices)
                || (mesh.Tangents is { } g && g.Length != vertices))
            {
                throw new ArgumentException($"Mesh '{mesh.Id}' has attributes whose length differs from its {vertices} positions.");
            }
        }

        foreach (var texture in Textures.Append(Environment?.Map).OfType<TextureData>())
        {
            var texels = (long)texture.Width * texture.Height * 4;
            if (texture.Width < 1 || texture.Height < 1 || (texture.Rgba8?.LongLength ?? texture.RgbaFloat?.LongLength) != texels)
            {
                throw new ArgumentException($"A {texture.Width}x{texture.Height} texture needs exactly {texels} RGBA values in one of its arrays.");
            }
        }

        foreach (var material in Materials)
        {
            TextureBinding?[] slots = [material.BaseColorTexture, material.MetallicRoughnessTexture, material.NormalTexture, material.OcclusionTexture, material.EmissiveTexture,
                material.TransmissionTexture, material.ClearcoatTexture, material.ClearcoatRoughnessTexture, material.SpecularTexture, material.SpecularColorTexture,
                material.SheenColorTexture, material.SheenRoughnessTexture];
            if (slots.Any(s => s is { } b && (uint)b.Texture >= (uint)Textures.Count))
            {
                throw new ArgumentException($"A material refers to a texture outside the {Textures.Count} given.");
            }
        }

        foreach (var instance in Instances)
        {
            if ((uint)instance.Mesh >= (uint)Meshes.Count || (instance.Material is { } m && (uint)m >= (uint)Materials.Count))
            {
                throw new ArgumentException($"An instance refers to mesh {instance.Mesh} or material {instance.Material}, which do not exist.");
            }
        }
    }
}
