namespace OrleansBridge.Rendering.Images;

/// <summary>The IHDR fields of a PNG (PNG spec, 3rd ed., §11.2.1) and the sizes derived from them.</summary>
/// <param name="Width">Pixels across, at least 1.</param>
/// <param name="Height">Pixels down, at least 1.</param>
/// <param name="BitDepth">Bits per sample: 1, 2, 4, 8 or 16, as the colour type allows.</param>
/// <param name="ColorType">0 greyscale, 2 truecolour, 3 indexed, 4 greyscale + alpha, 6 truecolour + alpha.</param>
/// <param name="Interlaced">True for Adam7 interlace.</param>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    /// <summary>Samples per pixel.</summary>
    public int Channels => ColorType switch
    {
        0 or 3 => 1,
        4 => 2,
        2 => 3,
        _ => 4,
    };

    /// <summary>Bits per pixel.</summary>
    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>The byte distance the Sub, Average and Paeth filters look back: whole bytes per pixel, at least 1 (§7.3).</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes of one scanline of <paramref name="pixels"/> pixels, without its filter byte.</summary>
    public int RowBytes(int pixels) => (int)(((long)pixels * BitsPerPixel + 7) / 8);

    /// <summary>Whether the colour type and bit depth form a combination §11.2.1 allows.</summary>
    public bool IsValidCombination => ColorType switch
    {
        0 => BitDepth is 1 or 2 or 4 or 8 or 16,
        3 => BitDepth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => BitDepth is 8 or 16,
        _ => false,
    };
}
