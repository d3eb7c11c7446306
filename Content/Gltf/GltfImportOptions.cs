namespace OrleansBridge.Scene.Gltf;

/// <summary>How <see cref="GltfImporter"/> names what it makes and how much it accepts.</summary>
/// <param name="Prefix">Prepended to every element name (e.g. <c>imported/</c>); may be empty.</param>
/// <param name="Normals">How normals are made for primitives without them.</param>
/// <param name="MaxVertices">Vertices (after flat-normal expansion) of all meshes together at most.</param>
/// <param name="MaxBlobBytes">Bytes of bulk data (arrays and images) the import may produce at most.</param>
/// <param name="MaxElements">Scene elements the import may produce at most.</param>
/// <param name="MaxImagePixels">Pixels one image may have (read from its header; nothing is decoded to find out).</param>
public sealed record GltfImportOptions(
    string Prefix = "",
    GltfNormalMode Normals = GltfNormalMode.Flat,
    long MaxVertices = 1L << 25,
    long MaxBlobBytes = 1L << 30,
    int MaxElements = 50_000,
    long MaxImagePixels = GltfImages.DefaultMaxPixels)
{
    /// <summary>The defaults: no prefix, flat normals as glTF requires, generous limits.</summary>
    public static GltfImportOptions Default { get; } = new();
}
