using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansBridge.Tests;

/// <summary>
/// Writes small glTF 2.0 files byte by byte for tests: a JSON document built with JsonNode, one
/// binary buffer, and the GLB container (glTF 2.0 §4.4) or a .gltf with the buffer as a data: URI
/// or a separate resource. Tests bend the JSON or the bytes afterwards to make each malformed case.
/// </summary>
public sealed class GltfBuilder
{
    private readonly List<byte> _bin = [];

    public GltfBuilder() => Json = new JsonObject { ["asset"] = new JsonObject { ["version"] = "2.0", ["generator"] = "OrleansBridge tests" } };

    public JsonObject Json { get; }

    public int BinLength => _bin.Count;

    /// <summary>The named top-level array, created when absent.</summary>
    public JsonArray Array(string name) => (JsonArray)(Json[name] ??= new JsonArray());

    /// <summary>Appends bytes (4-aligned) as a buffer view; returns its index.</summary>
    public int AddView(ReadOnlySpan<byte> data, int? stride = null)
    {
        while (_bin.Count % 4 != 0)
        {
            _bin.Add(0);
        }

        var view = new JsonObject { ["buffer"] = 0, ["byteOffset"] = _bin.Count, ["byteLength"] = data.Length };
        if (stride is { } s)
        {
            view["byteStride"] = s;
        }

        _bin.AddRange(data.ToArray());
        return Add("bufferViews", view);
    }

    /// <summary>A float accessor of <paramref name="type"/> (VEC3, VEC2, …) in its own view; min/max for POSITION.</summary>
    public int AddFloats(float[] values, string type, bool withBounds = false)
    {
        var components = type == "SCALAR" ? 1 : type[^1] - '0';
        var accessor = new JsonObject
        {
            ["bufferView"] = AddView(MemoryMarshal.AsBytes(values.AsSpan())),
            ["componentType"] = 5126,
            ["count"] = values.Length / components,
            ["type"] = type,
        };
        if (withBounds)
        {
            accessor["min"] = new JsonArray([.. Enumerable.Range(0, components).Select(c => (JsonNode)Stride(values, components, c).Min())]);
            accessor["max"] = new JsonArray([.. Enumerable.Range(0, components).Select(c => (JsonNode)Stride(values, components, c).Max())]);
        }

        return Add("accessors", accessor);
    }

    /// <summary>An index accessor of unsigned short (or int when <paramref name="wide"/>).</summary>
    public int AddIndices(uint[] indices, bool wide = false)
    {
        var bytes = wide ? MemoryMarshal.AsBytes(indices.AsSpan()).ToArray() : MemoryMarshal.AsBytes(indices.Select(i => (ushort)i).ToArray().AsSpan()).ToArray();
        return Add("accessors", new JsonObject
        {
            ["bufferView"] = AddView(bytes),
            ["componentType"] = wide ? 5125 : 5123,
            ["count"] = indices.Length,
            ["type"] = "SCALAR",
        });
    }

    /// <summary>A mesh of one triangle primitive; returns the mesh index.</summary>
    public int AddMesh(float[] positions, uint[]? indices = null, string? name = null, Action<JsonObject>? primitive = null)
    {
        var p = new JsonObject { ["attributes"] = new JsonObject { ["POSITION"] = AddFloats(positions, "VEC3", withBounds: true) } };
        if (indices is not null)
        {
            p["indices"] = AddIndices(indices);
        }

        primitive?.Invoke(p);
        var mesh = new JsonObject { ["primitives"] = new JsonArray(p) };
        if (name is not null)
        {
            mesh["name"] = name;
        }

        return Add("meshes", mesh);
    }

    /// <summary>Adds a node; returns its index.</summary>
    public int AddNode(JsonObject node) => Add("nodes", node);

    /// <summary>Sets scene 0 to these root nodes.</summary>
    public void SetScene(params int[] roots)
    {
        Json["scenes"] = new JsonArray(new JsonObject { ["nodes"] = new JsonArray([.. roots.Select(r => (JsonNode)r)]) });
        Json["scene"] = 0;
    }

    /// <summary>Appends to a top-level array; returns the new item's index.</summary>
    public int Add(string array, JsonNode item)
    {
        var list = Array(array);
        list.Add(item);
        return list.Count - 1;
    }

    /// <summary>The GLB container: header, JSON chunk (space-padded), BIN chunk (zero-padded).</summary>
    public byte[] ToGlb()
    {
        if (_bin.Count > 0)
        {
            Json["buffers"] = new JsonArray(new JsonObject { ["byteLength"] = _bin.Count });
        }

        var json = Pad(Encoding.UTF8.GetBytes(Json.ToJsonString()), (byte)' ');
        var bin = Pad([.. _bin], 0);
        var length = 12 + 8 + json.Length + (bin.Length > 0 ? 8 + bin.Length : 0);
        var glb = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(glb, 0x46546C67);
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(8), (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(12), (uint)json.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(16), 0x4E4F534A);
        json.CopyTo(glb, 20);
        if (bin.Length > 0)
        {
            var at = 20 + json.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(at), (uint)bin.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(glb.AsSpan(at + 4), 0x004E4942);
            bin.CopyTo(glb, at + 8);
        }

        return glb;
    }

    /// <summary>A .gltf whose buffer is embedded as a base64 data: URI.</summary>
    public byte[] ToGltf()
    {
        Json["buffers"] = new JsonArray(new JsonObject
        {
            ["byteLength"] = _bin.Count,
            ["uri"] = "data:application/octet-stream;base64," + Convert.ToBase64String([.. _bin]),
        });
        return Encoding.UTF8.GetBytes(Json.ToJsonString());
    }

    /// <summary>A .gltf whose buffer is the separate resource <paramref name="uri"/>.</summary>
    public (byte[] Gltf, byte[] Bin) ToGltf(string uri)
    {
        Json["buffers"] = new JsonArray(new JsonObject { ["byteLength"] = _bin.Count, ["uri"] = uri });
        return (Encoding.UTF8.GetBytes(Json.ToJsonString()), [.. _bin]);
    }

    /// <summary>Eight corners of an axis-aligned cube of half-size <paramref name="h"/>, and its 12 triangles (outward, counter-clockwise).</summary>
    public static (float[] Positions, uint[] Indices) Cube(float h = 1)
    {
        float[] p =
        [
            -h, -h, -h, h, -h, -h, h, h, -h, -h, h, -h,
            -h, -h, h, h, -h, h, h, h, h, -h, h, h,
        ];
        uint[] i =
        [
            0, 2, 1, 0, 3, 2, // -z
            4, 5, 6, 4, 6, 7, // +z
            0, 1, 5, 0, 5, 4, // -y
            3, 7, 6, 3, 6, 2, // +y
            0, 4, 7, 0, 7, 3, // -x
            1, 2, 6, 1, 6, 5, // +x
        ];
        return (p, i);
    }

    private static IEnumerable<float> Stride(float[] values, int components, int component)
    {
        for (var i = component; i < values.Length; i += components)
        {
            yield return values[i];
        }
    }

    private static byte[] Pad(byte[] bytes, byte fill)
    {
        var padded = new byte[(bytes.Length + 3) & ~3];
        bytes.CopyTo(padded, 0);
        padded.AsSpan(bytes.Length).Fill(fill);
        return padded;
    }
}
