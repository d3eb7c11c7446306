
namespace OrleansBridge.Rendering.Images;

/// <summary>A decoded image, or why the bytes could not be decoded (an expected failure, not an exception).</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">What is wrong with the image, for a person.</param>
/// <param name="Image">The pixels on success.</param>
public readonly record struct ImageDecodeResult(ErrorCode Error, string? Message, DecodedImage? Image)
{
    /// <summary>True when <see cref="Image"/> holds the pixels.</summary>
    public bool Succeeded => Error == ErrorCode.None && Image is not null;

    /// <summary>A decoded image.</summary>
    public static ImageDecodeResult Ok(DecodedImage image) => new(ErrorCode.None, null, image);

    /// <summary>An image that cannot be decoded (<see cref="ErrorCode.RenderTextureInvalid"/>).</summary>
    public static ImageDecodeResult Invalid(string message) => new(ErrorCode.RenderTextureInvalid, message, null);
}
