using System.Text.Json;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// The buffers and buffer views of a document (glTF 2.0 §3.6), with every length and offset checked
/// against the bytes actually present. A buffer comes from the GLB's BIN chunk (buffer 0 without a
/// URI), a <c>data:</c> URI (base64), or the caller's resolver.
/// </summary>
internal sealed class GltfBuffers
{
    private readonly IReadOnlyList<JsonElement> _buffers;
    private readonly IReadOnlyList<JsonElement> _views;
    private readonly ReadOnlyMemory<byte>? _bin;
    private readonly Func<string, ReadOnlyMemory<byte>?> _resolve;
    private readonly ReadOnlyMemory<byte>?[] _loaded;

    public GltfBuffers(JsonElement root, ReadOnlyMemory<byte>? bin, Func<string, ReadOnlyMemory<byte>?> resolve)
    {
        _buffers = GltfJson.Array(root, "buffers", string.Empty);
        _views = GltfJson.Array(root, "bufferViews", string.Empty);
        _bin = bin;
        _resolve = resolve;
        _loaded = new ReadOnlyMemory<byte>?[_buffers.Count];
    }

    public int ViewCount => _views.Count;

    /// <summary>A buffer view's bytes and its byteStride (null when not given).</summary>
    public (ReadOnlyMemory<byte> Bytes, int? Stride) View(int index)
    {
        var path = $"bufferViews[{index}]";
        var view = _views[index];
        var buffer = GltfJson.Index(view, "buffer", path, _buffers.Count, "buffer")
            ?? throw new GltfFormatException($"{path}.buffer is required.");
        var offset = GltfJson.Integer(view, "byteOffset", path) ?? 0;
        var length = GltfJson.Integer(view, "byteLength", path, 1) ?? throw new GltfFormatException($"{path}.byteLength is required.");
        var stride = (int?)GltfJson.Integer(view, "byteStride", path, 4, 252);
        if (stride is { } s && s % 4 != 0)
        {
            throw new GltfFormatException($"{path}.byteStride {stride} is not a multiple of 4.");
        }

        var bytes = Buffer(buffer);
        if (offset + length > bytes.Length)
        {
            throw new GltfFormatException($"{path}: bytes {offset}..{offset + length} lie outside buffer {buffer} ({bytes.Length} bytes).");
        }

        return (bytes.Slice((int)offset, (int)length), stride);
    }

    /// <summary>A whole buffer, checked against its declared byteLength.</summary>
    public ReadOnlyMemory<byte> Buffer(int index)
    {
        if (_loaded[index] is { } done)
        {
            return done;
        }

        var path = $"buffers[{index}]";
        var buffer = _buffers[index];
        var declared = GltfJson.Integer(buffer, "byteLength", path, 1) ?? throw new GltfFormatException($"{path}.byteLength is required.");
        var uri = GltfJson.String(buffer, "uri", path);
        ReadOnlyMemory<byte> data;
        if (uri is null)
        {
            // Only the first buffer of a GLB may omit its URI: it is the BIN chunk (glTF 2.0 §4.4.3.3).
            data = index == 0 && _bin is { } bin ? bin
                : throw new GltfFormatException($"{path} has no uri and is not a GLB's BIN chunk.");
        }
        else
        {
            data = LoadUri(uri, path);
        }

        // The BIN chunk may be padded by up to 3 bytes beyond byteLength; a shorter one is truncated.
        if (data.Length < declared)
        {
            throw new GltfFormatException(uri is null ? ErrorCode.GltfMalformed : ErrorCode.GltfInvalid,
                $"{path}: byteLength is {declared} but {(uri is null ? "the BIN chunk" : $"'{Shorten(uri)}'")} has {data.Length} bytes.");
        }

        data = data[..(int)declared];
        _loaded[index] = data;
        return data;
    }

    /// <summary>The bytes of a <c>data:</c> URI or of a resource the resolver supplies.</summary>
    public ReadOnlyMemory<byte> LoadUri(string uri, string path)
    {
        if (uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 2397: data:[<mediatype>][;base64],<data>; glTF embeds base64 only.
            var comma = uri.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !uri.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new GltfFormatException($"{path}: a data: URI must be base64 (data:<type>;base64,<data>).");
            }

            var text = uri.AsSpan(comma + 1);
            var bytes = new byte[(text.Length / 4 * 3) + 3];
            return Convert.TryFromBase64Chars(text, bytes, out var written)
                ? bytes.AsMemory(0, written)
                : throw new GltfFormatException($"{path}: the data: URI's base64 is malformed.");
        }

        return _resolve(uri) ?? throw new GltfFormatException(ErrorCode.GltfResourceMissing,
            $"{path}: the resource '{Shorten(uri)}' was not supplied with the file.");
    }

    private static string Shorten(string uri) => uri.Length <= 80 ? uri : uri[..80] + "…";
}
