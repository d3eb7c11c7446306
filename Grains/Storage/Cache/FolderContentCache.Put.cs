using System.Buffers;
using OrleansBridge.Cache;

namespace OrleansBridge.Storage.Cache;

/// <summary>Verified, atomic puts.</summary>
public sealed partial class FolderContentCache
{
    private const int ChunkBytes = 1 << 20;

    /// <inheritdoc />
    public async Task<CachePutResult> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = EntryPath(hash);
        if (File.Exists(path))
        {
            return CachePutResult.AlreadyPresent;
        }

        Directory.CreateDirectory(_temporary);
        var temp = Path.Combine(_temporary, $"{hash}.{Guid.NewGuid():N}.tmp");
        try
        {
            var (refused, length) = await WriteVerifiedAsync(hash, content, temp, cancellationToken);
            if (refused is { } failure)
            {
                return failure;
            }

            Directory.CreateDirectory(ShardOf(hash));
            if (!AtomicPublish.TryPublish(temp, path))
            {
                return CachePutResult.AlreadyPresent; // Another writer of the same hash got there first.
            }

            CacheLog.Stored(_logger, hash, length);
            return CachePutResult.Stored;
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return CachePutResult.Fail(ErrorCode.CacheStorageError, $"Could not write to the cache folder {_root}: {ex.Message}");
        }
        finally
        {
            File.Delete(temp); // Gone already after a successful move.
        }
    }

    /// <summary>
    /// Copies the content into <paramref name="temp"/>, on disk when this returns; no refusal when it matches
    /// <paramref name="hash"/>. Double-buffered: while one buffer is written (a thread-pool write on Unix),
    /// the next is read and hashed, so a put costs about the larger of hashing and writing, not their sum.
    /// </summary>
    private async Task<(CachePutResult? Refused, long Length)> WriteVerifiedAsync(ContentHash hash, Stream content, string temp, CancellationToken cancellationToken)
    {
        var filling = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var written = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var writing = Task.CompletedTask;
        try
        {
            using var reader = new HashingReader(content, _options.MaxEntryBytes);
            // FileShare.None takes an exclusive advisory lock: RemoveStaleTemporaryFiles skips files a live writer holds.
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                int read;
                do
                {
                    read = await reader.FillAsync(filling.AsMemory(0, ChunkBytes), cancellationToken);
                    await writing;
                    if (reader.TooLarge)
                    {
                        CacheLog.TooLarge(_logger, hash, _options.MaxEntryBytes);
                        return (CacheErrors.TooLarge(_options.MaxEntryBytes), reader.Total);
                    }

                    (filling, written) = (written, filling);
                    writing = file.WriteAsync(written.AsMemory(0, read), cancellationToken).AsTask();
                }
                while (read == ChunkBytes);

                await writing;
                file.Flush(flushToDisk: true); // fsync before the rename: a visible entry is never torn or empty.
            }

            var actual = reader.Finish();
            if (actual != hash)
            {
                CacheLog.Mismatch(_logger, hash, actual, reader.Total);
                return (CacheErrors.Mismatch(hash, actual, reader.Total), reader.Total);
            }

            return (null, reader.Total);
        }
        finally
        {
            // A write may still run when reading failed: the buffers go back to the pool only after it.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(filling);
            ArrayPool<byte>.Shared.Return(written);
        }
    }
}
