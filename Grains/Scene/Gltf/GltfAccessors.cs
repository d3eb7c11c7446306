using System.Buffers.Binary;
using System.Text.Json;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Reads accessors (glTF 2.0 §3.6.2) into float or uint arrays: every component type, normalized
/// integers (§3.11), byteStride, accessors without a buffer view (zeros) and sparse substitution
/// (§3.6.2.3). Counts, strides and offsets are checked in 64-bit arithmetic against the buffer view
/// before anything is allocated, so a hostile count cannot overflow or exhaust memory.
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
            var bytes = view.Span;
            for (long i = 0, o = accessor.Offset; i < accessor.Count; i++, o += accessor.Stride)
            {
                for (var c = 0; c < components; c++)
                {
                    values[(i * components) + c] = Component(bytes[(int)(o + (c * accessor.ComponentSize))..], accessor.ComponentType, accessor.Normalized);
                }
            }
        }

        if (accessor.Sparse is { } sparse)
        {
            ApplySparse(index, accessor, sparse, (target, source, o) =>
            {
                for (var c = 0; c < components; c++)
                {
                    values[(target * components) + c] = Component(source[(o + (c * accessor.ComponentSize))..], accessor.ComponentType, accessor.Normalized);
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

        var values = new uint[accessor.Count];
        if (accessor.View is { } view)
        {
            var bytes = view.Span;
            for (long i = 0, o = accessor.Offset; i < accessor.Count; i++, o += accessor.Stride)
            {
                values[i] = Unsigned(bytes[(int)o..], accessor.ComponentType);
            }
        }

        if (accessor.Sparse is { } sparse)
        {
            ApplySparse(index, accessor, sparse, (target, source, o) => values[target] = Unsigned(source[o..], accessor.ComponentType));
        }

        return values;
    }

    /// <summary>The declared element count of an accessor (checked to be at least 1).</summary>
    public int ElementCount(int index) => (int)(GltfJson.Integer(_accessors[index], "count", $"accessors[{index}]", 1) ?? 0);

    private static float Component(ReadOnlySpan<byte> bytes, int type, bool normalized) => type switch
    {
        5126 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        5120 => normalized ? MathF.Max((sbyte)bytes[0] / 127f, -1f) : (sbyte)bytes[0],
        5121 => normalized ? bytes[0] / 255f : bytes[0],
        5122 => normalized ? MathF.Max(BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32767f, -1f) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
        5123 => normalized ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) / 65535f : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes), // 5125 is never normalized (§3.6.2.1)
    };

    private static uint Unsigned(ReadOnlySpan<byte> bytes, int type) => type switch
    {
        5121 => bytes[0],
        5123 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
    };

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
