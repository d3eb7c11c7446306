using System.Numerics;
using System.Runtime.InteropServices;
using OrleansBridge.Cache;
using OrleansBridge.Rendering.Scene;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>Meshes: bulk arrays read once per hash, lengths checked against the element's counts, normals generated when absent.</summary>
internal sealed partial class AdapterBuild
{
    /// <summary>The index of mesh element <paramref name="name"/> in the description, reading it on first use; null after a problem.</summary>
    private async Task<int?> MeshIndexAsync(string name, MeshElement mesh)
    {
        if (_meshByName.TryGetValue(name, out var known))
        {
            return known;
        }

        var vertices = mesh.VertexCount;
        if (await ReadArrayAsync<Vector3>(mesh.Positions, vertices, name, "positions") is not { } positions)
        {
            return null;
        }

        int[] indices;
        if (mesh.Indices is { } indexHash)
        {
            if (mesh.IndexCount % 3 != 0 || mesh.IndexCount <= 0)
            {
                Fail(ErrorCode.RenderMeshInvalid, $"Mesh '{name}' has {mesh.IndexCount} indices, not a positive multiple of 3.");
                return null;
            }

            if (await ReadArrayAsync<int>(indexHash, mesh.IndexCount, name, "indices") is not { } read)
            {
                return null;
            }

            // uint32 indices read as int: one unsigned compare rejects both ≥ vertexCount and ≥ 2³¹.
            var bad = Array.FindIndex(read, i => (uint)i >= (uint)vertices);
            if (bad >= 0)
            {
                Fail(ErrorCode.RenderMeshInvalid, $"Mesh '{name}' has index {(uint)read[bad]} at position {bad}, past its {vertices} vertices.");
                return null;
            }

            indices = read;
        }
        else
        {
            if (vertices % 3 != 0)
            {
                Fail(ErrorCode.RenderMeshInvalid, $"Mesh '{name}' has no indices and {vertices} vertices, not a multiple of 3.");
                return null;
            }

            indices = [.. Enumerable.Range(0, vertices)];
        }

        var normals = mesh.Normals is { } n ? await ReadArrayAsync<Vector3>(n, vertices, name, "normals") : NormalGenerator.Smooth(positions, indices);
        var uvs = mesh.Uvs is { } u ? await ReadArrayAsync<Vector2>(u, vertices, name, "uvs") : null;
        var tangents = mesh.Tangents is { } t ? await ReadArrayAsync<Vector4>(t, vertices, name, "tangents") : null;
        if (Failed)
        {
            return null;
        }

        var data = new MeshData
        {
            // The BVH depends on positions and indices only: meshes sharing them share one BVH whatever their material.
            Id = $"{mesh.Positions}/{mesh.Indices?.ToString() ?? "-"}/{indices.Length}",
            Positions = positions,
            Indices = indices,
            Normals = normals,
            TexCoords = uvs,
            Tangents = tangents,
        };
        _meshes.Add(data);
        _meshByName[name] = _meshes.Count - 1;
        return _meshes.Count - 1;
    }

    /// <summary>
    /// Reads bulk entry <paramref name="hash"/> as exactly <paramref name="count"/> little-endian
    /// <typeparamref name="T"/> values (the cache's layout, docs/scene.md); null after a problem.
    /// </summary>
    private async Task<T[]?> ReadArrayAsync<T>(ContentHash hash, int count, string element, string field)
        where T : unmanaged
    {
        if (_arrays.TryGetValue(hash, out var cached) && cached is T[] same && same.Length == count)
        {
            return same;
        }

        var read = await ReadBlobAsync(hash, element, field);
        if (read is not { } bytes)
        {
            return null;
        }

        var expected = (long)count * Marshal.SizeOf<T>();
        if (bytes.Length != expected)
        {
            Fail(ErrorCode.RenderMeshInvalid, $"The {field} of '{element}' ({hash}) have {bytes.Length} bytes; {count} values need {expected}.");
            return null;
        }

        // The cache stores little-endian values, as every platform .NET runs on here is.
        var values = MemoryMarshal.Cast<byte, T>(bytes.Span).ToArray();
        _arrays[hash] = values;
        return values;
    }

    /// <summary>Reads one whole entry within what is left of the bulk budget; null after a problem.</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBlobAsync(ContentHash hash, string element, string field)
    {
        var read = await blobs.ReadAsync(hash, adapter.Limits.MaxBulkBytes - _bulkBytes, cancellationToken);
        if (!read.Succeeded)
        {
            Fail(read.Error, $"The {field} of '{element}': {read.Message}");
            return null;
        }

        _bulkBytes += read.Bytes.Length;
        return read.Bytes;
    }
}
