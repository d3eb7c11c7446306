using SharpGLTF.Schema2;

namespace OrleansBridge.Scene.Gltf;

/// <summary>The outcome of <see cref="GltfExporter.Export"/>: the asset, written as GLB or as .gltf with its resources, or why not.</summary>
public sealed class GltfExportResult
{
    private readonly ModelRoot? _model;

    private GltfExportResult(ModelRoot? model, ErrorCode error, string? message)
    {
        _model = model;
        Error = error;
        Message = message;
    }

    /// <summary><see cref="ErrorCode.None"/> on success.</summary>
    public ErrorCode Error { get; }

    /// <summary>What is missing or unexportable, naming the element; null on success.</summary>
    public string? Message { get; }

    /// <summary>Whether the asset was made.</summary>
    public bool Succeeded => _model is not null;

    /// <summary>The asset as one binary glTF file.</summary>
    public byte[] ToGlb() => Model.WriteGLB(new WriteSettings { Validation = SharpGLTF.Validation.ValidationMode.Strict }).ToArray();

    /// <summary>The asset as <paramref name="name"/>.gltf and its resources (<c>name.bin</c>, images), by file name.</summary>
    public IReadOnlyDictionary<string, byte[]> ToGltf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var files = new Dictionary<string, ArraySegment<byte>>(StringComparer.Ordinal);
        var context = WriteContext.CreateFromDictionary(files);
        context.ImageWriting = ResourceWriteMode.SatelliteFile;
        context.MergeBuffers = true;
        context.JsonIndented = true;
        context.WriteTextSchema2(name, Model);
        return files.ToDictionary(f => f.Key, f => f.Value.ToArray(), StringComparer.Ordinal);
    }

    private ModelRoot Model => _model ?? throw new InvalidOperationException($"The export failed: {Message}");

    internal static GltfExportResult Ok(ModelRoot model) => new(model, ErrorCode.None, null);

    internal static GltfExportResult Fail(ErrorCode error, string message) => new(null, error, message);
}
