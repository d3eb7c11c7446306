using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Jobs;

/// <summary>
/// <c>scene.stats</c>: what the session's committed head holds — elements by kind, triangles, the
/// distinct bulk entries it references and their bytes (from the cache's entry info), and the bounds
/// of all mesh positions in mesh space (instance transforms not applied), read from the cache when
/// they total at most <see cref="MaxBoundsBytes"/>.
/// </summary>
internal sealed class SceneStatsJob(ApplicationCaches caches) : IJob
{
    /// <summary>Positions read for bounds at most: beyond this, bounds cost more than a stats call should.</summary>
    private const long MaxBoundsBytes = 64L << 20;

    public string Name => "scene.stats";

    public string Id => "orleansbridge.scene-stats/1";

    public async ValueTask<JobResult> RunAsync(JobContext context, JsonElement input)
    {
        var cancel = context.Cancellation;
        var head = await context.Scene.GetHeadAsync();
        var elements = await context.Scene.GetElementsAsync(null);
        cancel.ThrowIfCancellationRequested();
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var bulk = new HashSet<ContentHash>();
        var positions = new HashSet<ContentHash>();
        long triangles = 0;
        foreach (var element in elements.Values)
        {
            byKind[element.Kind] = byKind.GetValueOrDefault(element.Kind) + 1;
            switch (element)
            {
                case MeshElement mesh:
                    triangles += mesh.TriangleCount;
                    positions.Add(mesh.Positions);
                    bulk.UnionWith(new[] { mesh.Positions, mesh.Indices, mesh.Normals, mesh.Uvs, mesh.Tangents }.OfType<ContentHash>());
                    break;
                case TextureElement texture:
                    bulk.Add(texture.Image);
                    break;
            }
        }

        await context.Progress.ReportAsync(0.25, $"{elements.Count} elements");
        var cache = caches.For(context.Application).Cache;
        long bulkBytes = 0;
        var missing = 0;
        var positionBytes = 0L;
        foreach (var hash in bulk)
        {
            var info = await cache.GetInfoAsync(hash, cancel);
            if (info.Succeeded)
            {
                bulkBytes += info.Value!.Length;
                positionBytes += positions.Contains(hash) ? info.Value.Length : 0;
            }
            else
            {
                missing++;
            }
        }

        await context.Progress.ReportAsync(0.5, $"{bulk.Count} bulk entries, {bulkBytes} bytes");
        var bounds = positions.Count > 0 && missing == 0 && positionBytes <= MaxBoundsBytes
            ? await BoundsAsync(cache, positions, cancel)
            : null;
        var stats = new SceneStats(head.Version, elements.Count, byKind, triangles, bulk.Count, bulkBytes, missing, bounds);
        return JobResult.Ok(JsonSerializer.SerializeToElement(stats, JobStatsJson.Default.SceneStats));
    }

    private static async Task<SceneBounds?> BoundsAsync(IContentCache cache, IEnumerable<ContentHash> positions, CancellationToken cancel)
    {
        float[] minArray = [float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity];
        float[] maxArray = [float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity];
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            foreach (var hash in positions)
            {
                var opened = await cache.OpenReadAsync(hash, cancel);
                if (!opened.Succeeded)
                {
                    return null;
                }

                await using var stream = opened.Value!;
                var filled = 0;
                int read;
                var axis = 0;
                while ((read = await stream.ReadAsync(buffer.AsMemory(filled, buffer.Length - filled), cancel)) > 0)
                {
                    filled += read;
                    var whole = filled & ~3;
                    axis = Accumulate(buffer.AsSpan(0, whole), axis, minArray, maxArray);
                    buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
                    filled -= whole;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return float.IsFinite(minArray[0]) ? new SceneBounds(minArray, maxArray) : null;
    }

    /// <summary>Folds little-endian float32 xyz values into min/max; returns the axis of the next value.</summary>
    private static int Accumulate(ReadOnlySpan<byte> bytes, int axis, float[] min, float[] max)
    {
        for (var i = 0; i < bytes.Length; i += 4)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]);
            if (float.IsFinite(value))
            {
                min[axis] = Math.Min(min[axis], value);
                max[axis] = Math.Max(max[axis], value);
            }

            axis = axis == 2 ? 0 : axis + 1;
        }

        return axis;
    }
}
