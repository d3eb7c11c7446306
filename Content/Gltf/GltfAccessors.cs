using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using SharpGLTF.Memory;
using SharpGLTF.Schema2;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Reads accessors (glTF 2.0 §3.6.2) into float or uint arrays: every component type, normalized
/// integers (§3.11), byteStride, accessors without a buffer view (zeros) and sparse substitution
/// (§3.6.2.3). The elements are decoded by SharpGLTF's typed memory views; what is ours is the
/// layout check: counts, strides and offsets in 64-bit arithmetic against the buffer view before
/// anything is allocated, so a hostile count cannot overflow or exhaust memory, and a message that
/// names the accessor.
/// </summary>
internal sealed partial class GltfAccessors(JsonElement root, GltfBuffers buffers, long maxElements)
{
    private readonly IReadOnlyList<JsonElement> _accessors = GltfJson.Array(root, "accessors", string.Empty);

    public int Count => _accessors.Count;

    /// <summary>An accessor's values as floats (normalized integers mapped to [0, 1] or [-1, 1]; others converted).</summary>
    public float[] ReadFloats(int index, int components, string usage)
    {
        var accessor = Describe(index, usage);
        if (accessor.Components != components)
        {
            throw new GltfFormatException($"accessors[{index}] ({usage}) has type {accessor.Type}; {TypeName(components)} is required.");
        }

        var values = new float[accessor.Count * components];
        if (accessor.View is { } view)
        {
            DecodeFloats(view, accessor.Offset, accessor.Count, accessor.Stride, components, accessor.ComponentType, accessor.Normalized, values);
        }

        if (accessor.Sparse is { } sparse)
        {
            ApplySparse(index, accessor, sparse, (targets, source) =>
            {
                var substitutes = new float[targets.Length * components];
                DecodeFloats(source, 0, targets.Length, components * accessor.ComponentSize, components, accessor.ComponentType, accessor.Normalized, substitutes);
                for (var i = 0; i < targets.Length; i++)
                {
                    substitutes.AsSpan(i * components, components).CopyTo(values.AsSpan((int)targets[i] * components));
                }
            });
        }

        return values;
    }

    /// <summary>An index accessor (SCALAR of unsigned byte, short or int) as uint32.</summary>
    public uint[] ReadIndices(int index, string usage)
    {
        var accessor = Describe(index, usage);
        if (accessor.Components != 1 || accessor.ComponentType is not (5121 or 5123 or 5125) || accessor.Normalized)
        {
            throw new GltfFormatException($"accessors[{index}] ({usage}) must be a SCALAR of unsigned byte, short or int, not normalized.");
        }

        // glTF 2.0 §3.7.2.1: the buffer view of indices is tightly packed (byteStride undefined).
        if (accessor.View is not null && accessor.Stride != accessor.ComponentSize)
        {
            throw new GltfFormatException($"accessors[{index}] ({usage}): indices must be tightly packed; its buffer view has byteStride {accessor.Stride}.");
        }

        var values = new uint[accessor.Count];
        if (accessor.View is { } view && accessor.ComponentType == 5125)
        {
            // uint32 indices are the little-endian array itself: one copy.
            MemoryMarshal.Cast<byte, uint>(view.Span.Slice(accessor.Offset, accessor.Count * sizeof(uint))).CopyTo(values);
        }
        else if (accessor.View is { } narrow)
        {
            Integers(narrow, accessor.Offset, accessor.Count, accessor.ComponentType).CopyTo(values, 0);
        }

        if (accessor.Sparse is { } sparse)
        {
            ApplySparse(index, accessor, sparse, (targets, source) =>
            {
                var substitutes = Integers(source, 0, targets.Length, accessor.ComponentType);
                for (var i = 0; i < targets.Length; i++)
                {
                    values[targets[i]] = substitutes[i];
                }
            });
        }

        return values;
    }

    /// <summary>The declared element count of an accessor (checked to be at least 1).</summary>
    public int ElementCount(int index) => (int)(GltfJson.Integer(_accessors[index], "count", $"accessors[{index}]", 1) ?? 0);

    /// <summary>
    /// Decodes <paramref name="count"/> elements through SharpGLTF's typed views (every component type,
    /// normalized integers per §3.11, any stride) into <paramref name="destination"/>. The layout was
    /// checked against the view before (<see cref="Describe"/>), so the views never read outside it.
    /// </summary>
    private static void DecodeFloats(ReadOnlyMemory<byte> bytes, int offset, int count, int stride, int components, int componentType, bool normalized, Span<float> destination)
    {
        // Tightly packed float32 (most vertex data) is the little-endian array itself: one copy.
        if (componentType == 5126 && stride == components * sizeof(float))
        {
            MemoryMarshal.Cast<byte, float>(bytes.Span.Slice(offset, count * stride)).CopyTo(destination);
            return;
        }

        // The typed views take Memory<byte>; they only read.
        var source = MemoryMarshal.AsMemory(bytes);
        var encoding = (EncodingType)componentType;
        switch (components)
        {
            case 1:
                var scalars = new ScalarArray(source, offset, count, stride, encoding, normalized);
                for (var i = 0; i < count; i++)
                {
                    destination[i] = scalars[i];
                }

                break;
            case 2:
                var pairs = new Vector2Array(source, offset, count, stride, encoding, normalized);
                var pairsOut = MemoryMarshal.Cast<float, Vector2>(destination);
                for (var i = 0; i < count; i++)
                {
                    pairsOut[i] = pairs[i];
                }

                break;
            case 3:
                var triples = new Vector3Array(source, offset, count, stride, encoding, normalized);
                var triplesOut = MemoryMarshal.Cast<float, Vector3>(destination);
                for (var i = 0; i < count; i++)
                {
                    triplesOut[i] = triples[i];
                }

                break;
            default:
                var quads = new Vector4Array(source, offset, count, stride, encoding, normalized);
                var quadsOut = MemoryMarshal.Cast<float, Vector4>(destination);
                for (var i = 0; i < count; i++)
                {
                    quadsOut[i] = quads[i];
                }

                break;
        }
    }

    /// <summary>Tightly packed unsigned integers (indices, sparse indices) through SharpGLTF's integer view.</summary>
    private static IntegerArray Integers(ReadOnlyMemory<byte> bytes, int offset, int count, int componentType) =>
        new(MemoryMarshal.AsMemory(bytes), offset, count, (IndexEncodingType)componentType);

    private static int ComponentSize(int type) => type switch
    {
        5120 or 5121 => 1,
        5122 or 5123 => 2,
        5125 or 5126 => 4,
        _ => 0,
    };

    private static int ComponentsOf(string? type) => type switch
    {
        "SCALAR" => 1,
        "VEC2" => 2,
        "VEC3" => 3,
        "VEC4" => 4,
        "MAT2" => 4,
        "MAT3" => 9,
        "MAT4" => 16,
        _ => 0,
    };

    private static string TypeName(int components) => components == 1 ? "SCALAR" : $"VEC{components}";

    private GltfFormatException TooLarge(int index, long count) =>
        new(ErrorCode.GltfTooLarge, $"accessors[{index}]: count {count} is beyond the importer's limit of {maxElements} elements.");
}
