using System.Buffers.Binary;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Splits a file into its JSON and binary parts: a GLB container (glTF 2.0 §4.4: 12-byte header
/// <c>magic "glTF", version 2, length</c>, then chunks <c>length, type, data</c>, the first JSON,
/// an optional second BIN) or a plain <c>.gltf</c> JSON document.
/// </summary>
internal static class GltfContainer
{
    private const uint Magic = 0x46546C67;      // "glTF" little-endian
    private const uint JsonChunk = 0x4E4F534A;  // "JSON"
    private const uint BinChunk = 0x004E4942;   // "BIN\0"

    /// <summary>The JSON bytes and the GLB's BIN chunk (null for a .gltf or a GLB without one).</summary>
    public static (ReadOnlyMemory<byte> Json, ReadOnlyMemory<byte>? Bin) Split(ReadOnlyMemory<byte> file)
    {
        var span = file.Span;
        if (span.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(span) == Magic)
        {
            return SplitGlb(file);
        }

        // A .gltf is UTF-8 JSON, possibly after a byte order mark (which glTF forbids but tools write).
        var start = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var first = span[start..].TrimStart(" \t\r\n"u8);
        if (first.Length > 0 && first[0] == (byte)'{')
        {
            return (file[start..], null);
        }

        throw new GltfFormatException(ErrorCode.GltfMalformed,
            "The file is neither a GLB (it does not start with the magic \"glTF\") nor glTF JSON (it does not start with '{').");
    }

    private static (ReadOnlyMemory<byte> Json, ReadOnlyMemory<byte>? Bin) SplitGlb(ReadOnlyMemory<byte> file)
    {
        var span = file.Span;
        if (span.Length < 20)
        {
            throw Malformed($"GLB: the file is {span.Length} bytes, shorter than a header and one chunk header (20).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        if (version != 2)
        {
            throw new GltfFormatException(ErrorCode.GltfExtensionRequired, $"GLB: container version {version}; only version 2 (glTF 2.0) is supported.");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (length != span.Length)
        {
            throw Malformed(length > span.Length
                ? $"GLB: the header declares {length} bytes but the file has {span.Length}; it is truncated."
                : $"GLB: the header declares {length} bytes but the file has {span.Length}.");
        }

        ReadOnlyMemory<byte>? json = null;
        ReadOnlyMemory<byte>? bin = null;
        var offset = 12;
        var chunk = 0;
        while (offset < span.Length)
        {
            if (span.Length - offset < 8)
            {
                throw Malformed($"GLB: chunk {chunk} at byte {offset}: {span.Length - offset} bytes left, less than a chunk header (8).");
            }

            var chunkLength = BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
            var chunkType = BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 4)..]);
            var dataStart = offset + 8;
            if (chunkLength > (uint)(span.Length - dataStart))
            {
                throw Malformed($"GLB: chunk {chunk} declares {chunkLength} bytes but only {span.Length - dataStart} follow; it is truncated.");
            }

            var data = file.Slice(dataStart, (int)chunkLength);
            if (chunk == 0 && chunkType != JsonChunk)
            {
                throw Malformed($"GLB: the first chunk has type 0x{chunkType:X8}; it must be JSON (0x4E4F534A).");
            }

            if (chunk == 0)
            {
                json = data;
            }
            else if (chunk == 1 && chunkType == BinChunk)
            {
                bin = data;
            }
            else if (chunkType is JsonChunk or BinChunk)
            {
                throw Malformed($"GLB: chunk {chunk} is a second {(chunkType == JsonChunk ? "JSON" : "BIN")} chunk; glTF allows one JSON then at most one BIN.");
            }

            // Other chunk types are to be ignored (glTF 2.0 §4.4.3.1).
            offset = dataStart + (int)chunkLength;
            chunk++;
        }

        if (json is not { Length: > 0 })
        {
            throw Malformed("GLB: the JSON chunk is missing or empty.");
        }

        return (json.Value, bin);
    }

    private static GltfFormatException Malformed(string message) => new(ErrorCode.GltfMalformed, message);
}
