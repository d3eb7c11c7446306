using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// <c>cache.upload</c>: one chunk of an entry, a Bulk request whose JSON part is
/// <c>{"hash", "offset", "length"?, "final"}</c> and whose raw part is the chunk (docs/protocol.md §6.3).
/// The first chunk (offset 0) declares the entry's length, which is checked against the cache's
/// maximum entry size and reserved against the tenant's quota before anything is written. Chunks must
/// follow each other exactly; the session's reliable channel delivers them in order, once, across
/// resumes. A chunk is answered when the cache has read it; the final one when the put has verified
/// the SHA-256 and the entry is visible (or refused, leaving nothing).
/// </summary>
internal sealed class CacheUploadHandler(SessionCacheRegistry registry) : IRequestHandler
{
    public string Method => CacheMethods.Upload;

    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!CacheRequestParams.TryRead(parameters, ProtocolJson.Default.CacheUploadParams, out var chunk)
            || chunk.Offset is not { } offset || offset < 0 || chunk.Length < 0)
        {
            return Done(RequestResult.Fail(ErrorCode.InvalidArgument,
                "params must be {\"hash\": key, \"offset\": bytes sent before this chunk, \"length\": entry length (first chunk), \"final\": bool}, sent with the Bulk flag."));
        }

        if (!CacheRequestParams.TryKey(chunk.Hash, "hash", out var hash, out var refusal))
        {
            return Done(refusal);
        }

        var state = registry.For(context);
        var bytes = context.Bulk.Span;
        CacheUpload? upload;
        if (offset == 0)
        {
            if (chunk.Length is not { } length)
            {
                return Done(RequestResult.Fail(ErrorCode.CacheUploadOutOfOrder, "The first chunk (offset 0) must carry the entry's length."));
            }

            if (length > state.Cache.Cache.MaxEntryBytes)
            {
                return Done(RequestResult.Fail(ErrorCode.CacheEntryTooLarge,
                    $"The entry's {length} bytes exceed the cache's limit of {state.Cache.Cache.MaxEntryBytes}; nothing was stored."));
            }

            if (OutOfOrder(0, length, bytes.Length, chunk) is { } early)
            {
                return Done(early);
            }

            if (!state.TryBegin(hash, length, (u, content, token) => registry.PutAsync(state, u, content, token), out upload))
            {
                return Done(RequestResult.Fail(ErrorCode.CacheTooManyUploads,
                    $"This session already has {CacheMethods.MaxUploadsPerSession} uploads in progress; finish or cancel one first."));
            }
        }
        else if (!state.TryGet(hash, out upload))
        {
            return NotInProgressAsync(state, hash, offset, cancellationToken);
        }
        else if (OutOfOrder(upload.Received, upload.Length, bytes.Length, chunk) is { } wrong)
        {
            return Done(wrong);
        }

        var queued = upload.Append(bytes, chunk.Final);
        return AnswerAsync(upload, queued, offset + bytes.Length, chunk.Final);
    }

    /// <summary>Null when the chunk continues the upload exactly; the 4507 refusal otherwise.</summary>
    private static RequestResult? OutOfOrder(long received, long length, int count, CacheUploadParams chunk)
    {
        var end = chunk.Offset!.Value + count;
        var problem = chunk.Offset != received ? $"offset {chunk.Offset} is not the {received} bytes received so far"
            : chunk.Length is { } declared && declared != length ? $"length {declared} differs from the {length} declared first"
            : end > length ? $"the chunk ends at {end}, past the entry's {length} bytes"
            : chunk.Final && end != length ? $"the final chunk ends at {end}, short of the entry's {length} bytes"
            : null;
        return problem is null ? null : RequestResult.Fail(ErrorCode.CacheUploadOutOfOrder, $"The chunk does not continue the upload: {problem}.");
    }

    /// <summary>Answers a chunk when the cache has read it; the final one (or any, if the put ended early) with the put's outcome.</summary>
    private static async ValueTask<RequestResult> AnswerAsync(CacheUpload upload, UploadChunk? chunk, long received, bool final)
    {
        if (chunk is not null && !final && await chunk.Consumed)
        {
            return RequestResult.Ok(new CacheUploadResult(upload.Hash.ToString(), received, Done: false, Stored: null), ProtocolJson.Default.CacheUploadResult);
        }

        var result = await upload.Completion;
        return result.Succeeded
            ? RequestResult.Ok(new CacheUploadResult(upload.Hash.ToString(), upload.Received, Done: true, result.Status == CachePutStatus.Stored), ProtocolJson.Default.CacheUploadResult)
            : RequestResult.Fail(result.Error, result.Detail ?? ErrorCodes.Describe(result.Error));
    }

    /// <summary>
    /// A chunk past offset 0 with no upload in progress: its upload ended already. When the entry is in
    /// the cache (another upload stored it meanwhile), the client may stop: done. Otherwise 4507.
    /// </summary>
    private static async ValueTask<RequestResult> NotInProgressAsync(SessionCacheState state, ContentHash hash, long offset, CancellationToken cancellationToken)
    {
        var info = await state.Cache.Cache.GetInfoAsync(hash, cancellationToken);
        return info.Succeeded
            ? RequestResult.Ok(new CacheUploadResult(hash.ToString(), offset, Done: true, Stored: false), ProtocolJson.Default.CacheUploadResult)
            : RequestResult.Fail(ErrorCode.CacheUploadOutOfOrder,
                $"No upload of {hash} is in progress in this session (it failed, was cancelled, or never started): start again at offset 0.");
    }

    private static ValueTask<RequestResult> Done(RequestResult result) => ValueTask.FromResult(result);
}
