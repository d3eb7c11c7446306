using OrleansBridge.Cache;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>Bulk data held in memory by hash (a glTF file imported in process, tests).</summary>
public sealed class InMemoryBlobSource(IReadOnlyDictionary<ContentHash, ReadOnlyMemory<byte>> blobs) : IBlobSource
{
    /// <inheritdoc />
    public ValueTask<BlobReadResult> ReadAsync(ContentHash hash, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        if (!blobs.TryGetValue(hash, out var bytes))
        {
            return ValueTask.FromResult(BlobReadResult.Fail(ErrorCode.SceneMissingCacheEntry, $"No bulk data {hash} was given."));
        }

        return ValueTask.FromResult(bytes.Length > maxBytes
            ? BlobReadResult.Fail(ErrorCode.RenderSceneTooLarge, $"Bulk data {hash} has {bytes.Length} bytes, more than the {maxBytes} left to this render.")
            : BlobReadResult.Ok(bytes));
    }
}
