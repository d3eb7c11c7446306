using System.Runtime.InteropServices;
using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// One import: reads the document top-down (textures, materials, meshes, cameras, lights, then the
/// default scene's nodes) into elements, blobs and the unsupported list. Single use.
/// </summary>
internal sealed partial class GltfReader
{
    private readonly JsonElement _root;
    private readonly GltfImportOptions _options;
    private readonly GltfBuffers _buffers;
    private readonly GltfAccessors _accessors;
    private readonly Dictionary<string, SceneElement> _elements = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentHash, ReadOnlyMemory<byte>> _blobs = [];
    private readonly List<GltfUnsupported> _unsupported = [];
    private readonly Dictionary<string, HashSet<string>> _usedNames = new(StringComparer.Ordinal);
    private long _blobBytes;
    private long _vertices;
    private long _triangles;

    public GltfReader(JsonElement root, ReadOnlyMemory<byte>? bin, Func<string, ReadOnlyMemory<byte>?> resolve, GltfImportOptions options)
    {
        _root = root;
        _options = options;
        _buffers = new GltfBuffers(root, bin, resolve);
        _accessors = new GltfAccessors(root, _buffers, options.MaxVertices);
    }

    public GltfImportResult Read()
    {
        CheckAssetAndExtensions();
        var textures = ReadTextures();
        var materials = ReadMaterials(textures);
        var meshes = ReadMeshes(materials);
        var cameras = ReadCameras();
        var lights = ReadLights();
        var (roots, cameraInstances) = ReadNodes(meshes, cameras, lights);
        ReportTopLevelUnsupported();
        ReportExtensions();

        var sceneName = _options.Prefix + "scene";
        Add(sceneName, new SceneRootElement(roots, cameraInstances.Count > 0 ? cameraInstances[0] : null));
        int CountOf(string kind) => _elements.Values.Count(e => e.Kind == kind);
        var counts = new GltfImportCounts(
            CountOf("mesh"), CountOf("material"), CountOf("texture"), CountOf("light"), CountOf("camera"),
            CountOf("instance"), CountOf("group"), _triangles, _vertices);
        return GltfImportResult.Ok(_elements, _blobs, _unsupported, sceneName, [.. cameras.OfType<string>()], cameraInstances, counts);
    }

    private void CheckAssetAndExtensions()
    {
        var asset = GltfJson.Object(_root, "asset", string.Empty)
            ?? throw new GltfFormatException(ErrorCode.GltfMalformed, "The glTF JSON has no asset object; it is not a glTF 2.0 file.");
        var version = GltfJson.String(asset, "version", "asset") ?? throw new GltfFormatException(ErrorCode.GltfMalformed, "asset.version is required.");
        var minVersion = GltfJson.String(asset, "minVersion", "asset");

        // glTF 2.0 §3.2: a major version other than 2 is not readable; a minVersion above 2.0 needs features we lack.
        if (!version.StartsWith("2.", StringComparison.Ordinal) || (minVersion is not null && minVersion != "2.0"))
        {
            throw new GltfFormatException(ErrorCode.GltfExtensionRequired,
                $"asset.version is '{version}'{(minVersion is null ? string.Empty : $" (minVersion '{minVersion}')")}; only glTF 2.0 is supported.");
        }

        var required = GltfJson.Array(_root, "extensionsRequired", string.Empty).Select(e => e.GetString() ?? string.Empty).ToList();
        var refused = required.Where(e => !GltfImporter.SupportedExtensions.Contains(e)).ToList();
        if (refused.Count > 0)
        {
            throw new GltfFormatException(ErrorCode.GltfExtensionRequired,
                $"extensionsRequired lists {string.Join(", ", refused)}, which the importer does not support (supported: {string.Join(", ", GltfImporter.SupportedExtensions.Order(StringComparer.Ordinal))}).");
        }
    }

    /// <summary>Adds an element, enforcing the element limit.</summary>
    private void Add(string name, SceneElement element)
    {
        if (_elements.Count >= _options.MaxElements)
        {
            throw new GltfFormatException(ErrorCode.GltfTooLarge, $"The file makes more than {_options.MaxElements} elements, the importer's limit.");
        }

        _elements.Add(name, element);
    }

    /// <summary>Stores a little-endian array as a blob; equal arrays are stored once.</summary>
    private ContentHash AddArray<T>(T[] values)
        where T : unmanaged
    {
        // glTF and the scene's bulk arrays are little-endian; so is every platform .NET runs the server on.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The glTF importer needs a little-endian machine.");
        }

        return AddBlob(new ReadOnlyMemory<byte>(MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
    }

    private ContentHash AddBlob(ReadOnlyMemory<byte> bytes)
    {
        var hash = ContentHash.Compute(bytes.Span);
        if (_blobs.TryAdd(hash, bytes))
        {
            _blobBytes += bytes.Length;
            if (_blobBytes > _options.MaxBlobBytes)
            {
                throw new GltfFormatException(ErrorCode.GltfTooLarge, $"The file makes more than {_options.MaxBlobBytes} bytes of bulk data, the importer's limit.");
            }
        }

        return hash;
    }

    /// <summary>
    /// A readable, unique, deterministic element name: <c>prefix + kind/name</c>, the glTF index when
    /// the thing has no name, <c>name#index</c> when another thing of the kind took the name.
    /// </summary>
    private string NameFor(string kind, JsonElement item, int index)
    {
        var raw = GltfJson.String(item, "name", string.Empty);
        var clean = raw is null ? string.Empty : new string([.. raw.Select(c => char.IsControl(c) || c == '/' ? '_' : c)]).Trim();
        if (clean.Length > 120)
        {
            clean = clean[..120];
        }

        var used = _usedNames.TryGetValue(kind, out var set) ? set : _usedNames[kind] = new HashSet<string>(StringComparer.Ordinal);
        var name = clean.Length == 0 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : clean;
        if (!used.Add(name))
        {
            name = $"{clean}#{index}";
            used.Add(name);
        }

        return $"{_options.Prefix}{kind}/{name}";
    }

    private void Report(string feature, string detail) => _unsupported.Add(new GltfUnsupported(feature, detail));
}
