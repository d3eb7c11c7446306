using System.Buffers;
using System.Buffers.Binary;
using Azure;
using Azure.Storage.Blobs.Models;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// Verified puts. The blob must not become visible before its hash is known to match, and the
/// service cannot hash for us, so:
/// <list type="bullet">
/// <item>an entry that fits in one block is read whole into memory, hashed, and only on a match sent
/// with one Put Blob (<c>If-None-Match: *</c>): a wrong hash costs no storage call at all;</item>
/// <item>a larger entry is hashed while its blocks are staged with Put Block (the SDK's
/// <c>StageBlockAsync</c>). Staged blocks are invisible (no Get Blob or List Blobs sees them); only on
/// a match does Put Block List (<c>CommitBlockListAsync</c>) commit them, create-only. On a mismatch
/// nothing is committed and the service discards the staged blocks (at the next commit of that name,
/// or after a week).</item>
/// </list>
/// The SDK's own <c>UploadAsync</c> of a stream would split and commit by itself, before we know the
/// hash, so the blocks are staged here. Uploading to a temporary blob and copying it was the
/// alternative; it costs a second full write, a copy to poll, and a temporary blob to clean up after a
/// crash, where uncommitted blocks clean themselves up. Block ids carry a per-upload nonce, so
/// concurrent uploads of one hash never commit each other's blocks.
/// </summary>
public sealed partial class AzureContentCache
{
    /// <inheritdoc />
    public async Task<CachePutResult> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = _container.Blob(hash.ToString());
        var existing = await ExistsAsync(hash, cancellationToken);
        if (existing.Error is { } lookup)
        {
            return CachePutResult.Fail(Failure(lookup, "Get Blob Properties"));
        }

        if (existing.Exists)
        {
            return CachePutResult.AlreadyPresent;
        }

        if (await _container.EnsureExistsAsync(cancellationToken) is { } container)
        {
            return CachePutResult.Fail(Failure(container, "Create Container"));
        }

        var blockBytes = _options.AzureBlockBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        var operation = "Put Blob";
        try
        {
            using var reader = new HashingReader(content, _options.MaxEntryBytes);
            var read = await reader.FillAsync(buffer.AsMemory(0, blockBytes), cancellationToken);
            if (read < blockBytes)
            {
                if (reader.TooLarge)
                {
                    return TooLarge(hash);
                }

                if (Verify(hash, reader) is { } refused)
                {
                    return refused;
                }

                // BlockBlobClient.UploadAsync is one Put Blob, whatever the SDK's transfer options say.
                using var whole = new MemoryStream(buffer, 0, read, writable: false);
                await blob.UploadAsync(whole, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
                return Stored(hash, reader.Total);
            }

            operation = "Put Block";
            var upload = Guid.NewGuid();
            var blocks = new List<string>();
            while (read > 0)
            {
                if (reader.TooLarge)
                {
                    return TooLarge(hash);
                }

                var id = BlockId(upload, blocks.Count);
                using (var block = new MemoryStream(buffer, 0, read, writable: false))
                {
                    await blob.StageBlockAsync(id, block, cancellationToken: cancellationToken);
                }

                blocks.Add(id);
                read = read < blockBytes ? 0 : await reader.FillAsync(buffer.AsMemory(0, blockBytes), cancellationToken);
            }

            if (Verify(hash, reader) is { } mismatch)
            {
                return mismatch;
            }

            operation = "Put Block List";
            await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return Stored(hash, reader.Total);
        }
        catch (Exception ex) when (_container.TryRead(ex, operation, cancellationToken, out var error))
        {
            return await NotCommittedAsync(hash, error, operation, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A block id: the upload's 16-byte nonce and the block's index, base64. Every id of a blob must have
    /// the same length, and the nonce keeps concurrent uploads of one blob name from replacing each
    /// other's uncommitted blocks.
    /// </summary>
    internal static string BlockId(Guid upload, int index)
    {
        Span<byte> bytes = stackalloc byte[20];
        upload.TryWriteBytes(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes[16..], index);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Null when what was read hashes to <paramref name="hash"/>; the refusal otherwise.</summary>
    private CachePutResult? Verify(ContentHash hash, HashingReader reader)
    {
        var actual = reader.Finish();
        if (actual == hash)
        {
            return null;
        }

        CacheLog.Mismatch(_logger, hash, actual, reader.Total);
        return CacheErrors.Mismatch(hash, actual, reader.Total);
    }

    private CachePutResult TooLarge(ContentHash hash)
    {
        CacheLog.TooLarge(_logger, hash, _options.MaxEntryBytes);
        return CacheErrors.TooLarge(_options.MaxEntryBytes);
    }

    private CachePutResult Stored(ContentHash hash, long length)
    {
        CacheLog.Stored(_logger, hash, length);
        return CachePutResult.Stored;
    }

    /// <summary>Reads a refused write: 409/412 on a create-only write means another writer was first.</summary>
    private async Task<CachePutResult> NotCommittedAsync(ContentHash hash, BlobError error, string operation, CancellationToken cancellationToken)
    {
        if (error.Status is 409 or 412)
        {
            return CachePutResult.AlreadyPresent;
        }

        // A writer that committed first discards our staged blocks, so our list may be refused as invalid.
        if (error is { Status: 400, ErrorCode: "InvalidBlockList" } && (await ExistsAsync(hash, cancellationToken)).Exists)
        {
            return CachePutResult.AlreadyPresent;
        }

        return CachePutResult.Fail(Failure(error, operation));
    }
}
