namespace OrleansBridge.Rendering.Imaging;

/// <summary>
/// Compression of an OpenEXR file's scanline blocks (the values are the file format's codes). ZIP is
/// lossless: 16 scanlines per block, bytes split into two halves and delta-predicted, then deflated
/// into a zlib stream, exactly as OpenEXR's ZIP_COMPRESSION does.
/// </summary>
public enum ExrCompression
{
    /// <summary>NO_COMPRESSION (code 0): one scanline per block, raw.</summary>
    None = 0,

    /// <summary>ZIP_COMPRESSION (code 3): 16 scanlines per block, predictor + zlib.</summary>
    Zip = 3,
}
