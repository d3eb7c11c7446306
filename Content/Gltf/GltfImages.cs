using OrleansBridge.Rendering.Images;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Recognises a glTF image (core glTF 2.0 §3.8.2: image/png and image/jpeg; EXT_texture_webp:
/// image/webp) and reads its size from its header through the renderer's codecs
/// (<see cref="ImageProbe"/>); pixels are not decoded here, the renderer does that. What is the
/// importer's own: the sizes a texture element may have and the pixels one image may hold.
/// </summary>
public static class GltfImages
{
    /// <summary>Pixels one image may have unless the options say otherwise: 8192 × 8192 (256 MiB decoded).</summary>
    public const long DefaultMaxPixels = 8192L * 8192L;

    /// <summary>The format (<c>png</c>, <c>jpeg</c> or <c>webp</c>) and size of an encoded image; false with a reason otherwise.</summary>
    public static bool TryProbe(ReadOnlySpan<byte> image, out string format, out int width, out int height, out string problem)
    {
        if (!ImageProbe.TryProbe(image, out format, out width, out height, out problem))
        {
            return false;
        }

        // Texture elements hold 1–32768 each way (docs/scene.md).
        if (width is >= 1 and <= 32768 && height is >= 1 and <= 32768)
        {
            return true;
        }

        problem = $"an image of {width}×{height} pixels (1–32768 each are supported)";
        return false;
    }
}
