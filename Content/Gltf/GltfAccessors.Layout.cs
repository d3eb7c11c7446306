using System.Text.Json;

namespace OrleansBridge.Scene.Gltf;

/// <summary>Where an accessor's elements lie, checked once; and sparse substitution.</summary>
internal sealed partial class GltfAccessors
{
    /// <summary>Substitutes the sparse values (<paramref name="values"/>, tightly packed) at <paramref name="targets"/>.</summary>
    private delegate void SparseWrite(uint[] targets, ReadOnlyMemory<byte> values);

    private Layout Describe(int index, string usage)
    {
        var path = $"accessors[{index}]";
        var accessor = _accessors[index];
        var componentType = (int)(GltfJson.Integer(accessor, "componentType", path, 0, 65535) ?? throw new GltfFormatException($"{path}.componentType is required."));
        var componentSize = ComponentSize(componentType);
        if (componentSize == 0)
        {
            throw new GltfFormatException($"{path}.componentType {componentType} is not a glTF component type (5120–5123, 5125, 5126).");
        }

        var type = GltfJson.String(accessor, "type", path);
        var components = ComponentsOf(type);
        if (components == 0)
        {
            throw new GltfFormatException($"{path}.type '{type}' is not SCALAR, VEC2–4 or MAT2–4.");
        }

        var count = GltfJson.Integer(accessor, "count", path, 1, long.MaxValue) ?? throw new GltfFormatException($"{path}.count is required.");
        if (count > maxElements)
        {
            throw TooLarge(index, count);
        }

        var normalized = GltfJson.Boolean(accessor, "normalized", path, false);
        if (normalized && componentType is 5125 or 5126)
        {
            throw new GltfFormatException($"{path}: normalized is only allowed for byte and short components.");
        }

        var elementSize = components * componentSize;
        var offset = GltfJson.Integer(accessor, "byteOffset", path) ?? 0;
        ReadOnlyMemory<byte>? bytes = null;
        var stride = elementSize;
        if (GltfJson.Index(accessor, "bufferView", path, buffers.ViewCount, "bufferView") is { } viewIndex)
        {
            var (view, viewStride) = buffers.View(viewIndex);
            stride = viewStride ?? elementSize;
            if (stride < elementSize)
            {
                throw new GltfFormatException($"{path} ({usage}): bufferViews[{viewIndex}].byteStride {stride} is smaller than an element ({elementSize} bytes).");
            }

            if (offset % componentSize != 0)
            {
                throw new GltfFormatException($"{path}.byteOffset {offset} is not a multiple of the component size {componentSize}.");
            }

            // 64-bit: count ≤ maxElements and stride ≤ 252, so this cannot overflow.
            var end = offset + (stride * (count - 1)) + elementSize;
            if (end > view.Length)
            {
                throw new GltfFormatException($"{path} ({usage}): {count} elements of {elementSize} bytes every {stride} from byte {offset} need {end} bytes; bufferViews[{viewIndex}] has {view.Length}.");
            }

            bytes = view;
        }
        else if (offset != 0)
        {
            throw new GltfFormatException($"{path}: byteOffset without a bufferView.");
        }

        var sparse = GltfJson.Object(accessor, "sparse", path);
        return new Layout(type!, components, componentType, componentSize, normalized, (int)count, (int)offset, stride, bytes, sparse);
    }

    private void ApplySparse(int index, Layout accessor, JsonElement sparse, SparseWrite write)
    {
        var path = $"accessors[{index}].sparse";
        var count = GltfJson.Integer(sparse, "count", path, 1, accessor.Count) ?? throw new GltfFormatException($"{path}.count is required.");
        var indices = GltfJson.Object(sparse, "indices", path) ?? throw new GltfFormatException($"{path}.indices is required.");
        var values = GltfJson.Object(sparse, "values", path) ?? throw new GltfFormatException($"{path}.values is required.");
        var indexType = (int)(GltfJson.Integer(indices, "componentType", path + ".indices", 0, 65535) ?? 0);
        if (indexType is not (5121 or 5123 or 5125))
        {
            throw new GltfFormatException($"{path}.indices.componentType must be 5121, 5123 or 5125.");
        }

        var indexBytes = Slice(indices, path + ".indices", count * ComponentSize(indexType));
        var elementSize = accessor.Components * accessor.ComponentSize;
        var valueBytes = Slice(values, path + ".values", count * elementSize);
        var targets = new uint[count];
        Integers(indexBytes, 0, (int)count, indexType).CopyTo(targets, 0);
        long previous = -1;
        for (var i = 0; i < count; i++)
        {
            if (targets[i] <= previous || targets[i] >= accessor.Count)
            {
                throw new GltfFormatException($"{path}.indices[{i}] = {targets[i]}: sparse indices must increase strictly and stay below count {accessor.Count}.");
            }

            previous = targets[i];
        }

        write(targets, valueBytes);
    }

    private ReadOnlyMemory<byte> Slice(JsonElement part, string path, long length)
    {
        var viewIndex = GltfJson.Index(part, "bufferView", path, buffers.ViewCount, "bufferView") ?? throw new GltfFormatException($"{path}.bufferView is required.");
        var offset = GltfJson.Integer(part, "byteOffset", path) ?? 0;
        var (view, _) = buffers.View(viewIndex);
        return offset + length <= view.Length
            ? view.Slice((int)offset, (int)length)
            : throw new GltfFormatException($"{path}: {length} bytes from byte {offset} lie outside bufferViews[{viewIndex}] ({view.Length} bytes).");
    }

    private sealed record Layout(
        string Type, int Components, int ComponentType, int ComponentSize, bool Normalized, int Count, int Offset, int Stride,
        ReadOnlyMemory<byte>? View, JsonElement? Sparse);
}
