namespace OrleansBridge.Rendering.Images;

/// <summary>Turns an encoded image (PNG, JPEG) into 8-bit RGBA pixels.</summary>
public interface IImageDecoder
{
    /// <summary>
    /// Decodes <paramref name="encoded"/>, which its scene element declares to be
    /// <paramref name="width"/> × <paramref name="height"/>: an image of another size is refused before
    /// its pixels are allocated, so the declared size bounds the memory a decode takes.
    /// </summary>
    ValueTask<ImageDecodeResult> DecodeAsync(ReadOnlyMemory<byte> encoded, int width, int height, CancellationToken cancellationToken);
}
