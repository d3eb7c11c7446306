using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// The outcome of <see cref="GltfImporter.Import"/>: on success the scene elements by name (prefix
/// applied), the bulk data they reference by hash, what was not carried over, and counts; on failure
/// an error code (4730–4739) and a message naming the problem, and nothing else.
/// </summary>
public sealed record GltfImportResult
{
    private GltfImportResult(ErrorCode error, string? message)
    {
        Error = error;
        Message = message;
    }

    /// <summary><see cref="ErrorCode.None"/> on success.</summary>
    public ErrorCode Error { get; }

    /// <summary>What is wrong, naming the part of the file (e.g. <c>accessors[3]: bufferView 7 does not exist</c>); null on success.</summary>
    public string? Message { get; }

    /// <summary>Whether the file was imported.</summary>
    public bool Succeeded => Error == ErrorCode.None;

    /// <summary>Every element made, by its prefixed name, in a deterministic order.</summary>
    public IReadOnlyDictionary<string, SceneElement> Elements { get; private init; } = new Dictionary<string, SceneElement>();

    /// <summary>The bulk data (vertex arrays, indices, images) the elements reference, by hash.</summary>
    public IReadOnlyDictionary<ContentHash, ReadOnlyMemory<byte>> Blobs { get; private init; } = new Dictionary<ContentHash, ReadOnlyMemory<byte>>();

    /// <summary>Features found in the file and not imported.</summary>
    public IReadOnlyList<GltfUnsupported> Unsupported { get; private init; } = [];

    /// <summary>The name of the <see cref="SceneRootElement"/> (<c>prefix + "scene"</c>); null on failure.</summary>
    public string? SceneRoot { get; private init; }

    /// <summary>Camera element names, in glTF order.</summary>
    public IReadOnlyList<string> Cameras { get; private init; } = [];

    /// <summary>Instance names placing a camera, in the default scene's depth-first order; the first is the scene's camera.</summary>
    public IReadOnlyList<string> CameraInstances { get; private init; } = [];

    /// <summary>What was made.</summary>
    public GltfImportCounts Counts { get; private init; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>A successful import.</summary>
    public static GltfImportResult Ok(
        IReadOnlyDictionary<string, SceneElement> elements,
        IReadOnlyDictionary<ContentHash, ReadOnlyMemory<byte>> blobs,
        IReadOnlyList<GltfUnsupported> unsupported,
        string sceneRoot,
        IReadOnlyList<string> cameras,
        IReadOnlyList<string> cameraInstances,
        GltfImportCounts counts) => new(ErrorCode.None, null)
        {
            Elements = elements,
            Blobs = blobs,
            Unsupported = unsupported,
            SceneRoot = sceneRoot,
            Cameras = cameras,
            CameraInstances = cameraInstances,
            Counts = counts,
        };

    /// <summary>A refused import.</summary>
    public static GltfImportResult Fail(ErrorCode error, string message) => new(error, message);
}
