
namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// A problem found deep inside the reader of one file. It never leaves the assembly:
/// <see cref="GltfImporter.Import"/> is the one place that catches it and turns it into a
/// <see cref="GltfImportResult"/> value, so a recursive reader need not thread an error through every call.
/// </summary>
internal sealed class GltfFormatException : Exception
{
    public GltfFormatException()
    {
    }

    public GltfFormatException(string message)
        : this(ErrorCode.GltfInvalid, message)
    {
    }

    public GltfFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCode.GltfMalformed;
    }

    public GltfFormatException(ErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The code the import fails with.</summary>
    public ErrorCode Code { get; } = ErrorCode.GltfInvalid;
}
