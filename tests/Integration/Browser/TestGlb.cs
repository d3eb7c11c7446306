using System.Buffers.Binary;
using System.Text.Json;

namespace OrleansBridge.Tests.Browser;

/// <summary>
/// A small binary glTF (glTF 2.0 §4.4: 12-byte header, JSON chunk, BIN chunk) built in the test: a cube
/// with normals and an emissive orange material (visible whatever the lighting), a directional light
/// (KHR_lights_punctual) and a camera.
/// </summary>
internal static class TestGlb
{
    public static byte[] Cube()
    {
        var (positions, normals, indices) = CubeGeometry();
        var bin = new byte[positions.Length * 4 + normals.Length * 4 + indices.Length * 4];
        var span = bin.AsSpan();
        var at = 0;
        foreach (var v in positions.Concat(normals))
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], v);
            at += 4;
        }

        foreach (var i in indices)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], i);
            at += 4;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            asset = new { version = "2.0", generator = "OrleansBridge tests" },
            extensionsUsed = new[] { "KHR_lights_punctual" },
            extensions = new { KHR_lights_punctual = new { lights = new[] { new { type = "directional", intensity = 3.0, color = new[] { 1.0, 1.0, 1.0 } } } } },
            scene = 0,
            scenes = new[] { new { nodes = new[] { 0, 1, 2 } } },
            nodes = new object[]
            {
                new { mesh = 0 },
                new { extensions = new { KHR_lights_punctual = new { light = 0 } }, rotation = new[] { -0.3826834, 0.0, 0.0, 0.9238795 } },
                new { camera = 0, translation = new[] { 0.0, 0.5, 4.0 } },
            },
            cameras = new[] { new { type = "perspective", perspective = new { yfov = 0.8, znear = 0.01, aspectRatio = 16.0 / 9.0 } } },
            meshes = new[] { new { primitives = new[] { new { attributes = new { POSITION = 0, NORMAL = 1 }, indices = 2, material = 0 } } } },
            materials = new[]
            {
                new { pbrMetallicRoughness = new { baseColorFactor = new[] { 0.9, 0.5, 0.2, 1.0 }, metallicFactor = 0.0, roughnessFactor = 0.6 }, emissiveFactor = new[] { 0.6, 0.3, 0.1 } },
            },
            buffers = new[] { new { byteLength = bin.Length } },
            bufferViews = new object[]
            {
                new { buffer = 0, byteOffset = 0, byteLength = positions.Length * 4, target = 34962 },
                new { buffer = 0, byteOffset = positions.Length * 4, byteLength = normals.Length * 4, target = 34962 },
                new { buffer = 0, byteOffset = (positions.Length + normals.Length) * 4, byteLength = indices.Length * 4, target = 34963 },
            },
            accessors = new object[]
            {
                new { bufferView = 0, componentType = 5126, count = positions.Length / 3, type = "VEC3", min = new[] { -0.5, -0.5, -0.5 }, max = new[] { 0.5, 0.5, 0.5 } },
                new { bufferView = 1, componentType = 5126, count = normals.Length / 3, type = "VEC3" },
                new { bufferView = 2, componentType = 5125, count = indices.Length, type = "SCALAR" },
            },
        });
        return Pack(json, bin);
    }

    private static byte[] Pack(byte[] json, byte[] bin)
    {
        var jsonLength = (json.Length + 3) & ~3; // Chunks are 4-byte aligned: JSON padded with spaces, BIN with zeros.
        var binLength = (bin.Length + 3) & ~3;
        var glb = new byte[12 + 8 + jsonLength + 8 + binLength];
        var span = glb.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x46546C67); // "glTF"
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)glb.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)jsonLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 0x4E4F534A); // "JSON"
        span.Slice(20, jsonLength).Fill((byte)' ');
        json.CopyTo(span[20..]);
        var binAt = 20 + jsonLength;
        BinaryPrimitives.WriteUInt32LittleEndian(span[binAt..], (uint)binLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(binAt + 4)..], 0x004E4942); // "BIN\0"
        bin.CopyTo(span[(binAt + 8)..]);
        return glb;
    }

    private static (float[] Positions, float[] Normals, uint[] Indices) CubeGeometry()
    {
        var positions = new List<float>();
        var normals = new List<float>();
        var indices = new List<uint>();
        int[][] axes = [[0, 1, 2], [1, 2, 0], [2, 0, 1]];
        foreach (var axis in axes)
        {
            foreach (var sign in new[] { 1f, -1f })
            {
                var first = (uint)(positions.Count / 3);
                foreach (var (u, v) in new[] { (-1f, -1f), (1f, -1f), (1f, 1f), (-1f, 1f) })
                {
                    var p = new float[3];
                    p[axis[0]] = 0.5f * sign;
                    p[axis[1]] = 0.5f * u * sign;
                    p[axis[2]] = 0.5f * v;
                    positions.AddRange(p);
                    var n = new float[3];
                    n[axis[0]] = sign;
                    normals.AddRange(n);
                }

                indices.AddRange([first, first + 1, first + 2, first, first + 2, first + 3]);
            }
        }

        return ([.. positions], [.. normals], [.. indices]);
    }
}
