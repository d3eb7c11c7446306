namespace OrleansBridge.Rendering.Images;

/// <summary>Pixels of a decoded image: 8-bit RGBA, row-major, top row first (as glTF and the renderer's textures store them).</summary>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Rgba">Width × height × 4 bytes.</param>
public sealed record DecodedImage(int Width, int Height, byte[] Rgba);
