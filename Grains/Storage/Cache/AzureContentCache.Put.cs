using System.Buffers;
using System.Net;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// Verified puts. The blob must not become visible before its hash is known to match, and the
/// service cannot hash for us, so:
/// <list type="bullet">
/// <item>an entry that fits in one block is read whole into memory, hashed, and only on a match sent
/// with one Put Blob (<c>If-None-Match: *</c>): a wrong hash costs no storage call at all;</item>
/// <item>a larger entry is hashed while its blocks are staged with Put Block. Staged blocks are
/// invisible (no Get Blob or List Blobs sees them); only on a match does Put Block List commit them,
/// create-only. On a mismatch nothing is committed and the service discards the staged blocks (at
/// the next commit of that name, or after a week).</item>
/// </list>
/// Uploading to a temporary blob and copying it was the alternative; it costs a second full write,
/// a copy to poll, and a temporary blob to clean up after a crash, where uncommitted blocks clean
/// themselves up. Block ids carry a per-upload nonce, so concurrent uploads of one hash never commit
/// each other's blocks.
/// </summary>
public sealed partial class AzureContentCache
{
    /// <inheritdoc />
    public async Task<CachePutResult> PutAsync(ContentHash hash, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = hash.ToString();
        var existing = await _client.GetPropertiesAsync(name, cancellationToken);
        if (existing.Status == (int)HttpStatusCode.OK)
        {
            return CachePutResult.AlreadyPresent;
        }

        if (existing.Status != (int)HttpStatusCode.NotFound)
        {
            return CachePutResult.Fail(Failure(existing, "Get Blob Properties"));
        }

        var container = await _client.EnsureContainerAsync(cancellationToken);
        if (!container.IsSuccess)
        {
            return CachePutResult.Fail(Failure(container, "Create Container"));
        }

        var blockBytes = _options.AzureBlockBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        try
        {
            using var reader = new HashingReader(content, _options.MaxEntryBytes);
            var read = await reader.FillAsync(buffer.AsMemory(0, blockBytes), cancellationToken);
            if (read < blockBytes)
            {
                return reader.TooLarge ? TooLarge(hash)
                    : Verify(hash, reader) ?? await CommittedAsync(hash, reader.Total, await _client.PutBlobAsync(name, buffer.AsMemory(0, read), BlobConditions.IfNotExists, cancellationToken), "Put Blob", cancellationToken);
            }

            var upload = Guid.NewGuid();
            var blocks = new List<string>();
            while (read > 0)
            {
                if (reader.TooLarge)
                {
                    return TooLarge(hash);
                }

                var id = BlobRestClient.BlockId(upload, blocks.Count);
                var staged = await _client.PutBlockAsync(name, id, buffer.AsMemory(0, read), cancellationToken);
                if (!staged.IsSuccess)
                {
                    return CachePutResult.Fail(Failure(staged, "Put Block"));
                }

                blocks.Add(id);
                read = read < blockBytes ? 0 : await reader.FillAsync(buffer.AsMemory(0, blockBytes), cancellationToken);
            }

            return Verify(hash, reader)
                ?? await CommittedAsync(hash, reader.Total, await _client.PutBlockListAsync(name, blocks, BlobConditions.IfNotExists, cancellationToken), "Put Block List", cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

    /// <summary>Reads the answer to a create-only write: 201 stored; 409/412 another writer was first.</summary>
    private async Task<CachePutResult> CommittedAsync(ContentHash hash, long length, BlobResponse response, string operation, CancellationToken cancellationToken)
    {
        if (response.Status == (int)HttpStatusCode.Created)
        {
            CacheLog.Stored(_logger, hash, length);
            return CachePutResult.Stored;
        }

        if (response.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return CachePutResult.AlreadyPresent;
        }

        // A writer that committed first discards our staged blocks, so our list may be refused as invalid.
        if (response.Status == (int)HttpStatusCode.BadRequest && response.ErrorCode == "InvalidBlockList"
            && (await _client.GetPropertiesAsync(hash.ToString(), cancellationToken)).Status == (int)HttpStatusCode.OK)
        {
            return CachePutResult.AlreadyPresent;
        }

        return CachePutResult.Fail(Failure(response, operation));
    }
}
