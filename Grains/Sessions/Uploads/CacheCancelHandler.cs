using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// <c>cache.cancel {"hash"}</c> → <c>{"cancelled"}</c>: drops this session's upload of an entry; the
/// partial content is discarded by the cache and its quota reservation returned before the answer.
/// Chunks of it still on their way are then answered 4507.
/// </summary>
internal sealed class CacheCancelHandler(SessionCacheRegistry registry) : IRequestHandler
{
    public string Method => CacheMethods.Cancel;

    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!CacheRequestParams.TryRead(parameters, ProtocolJson.Default.CacheCancelParams, out var cancel))
        {
            return ValueTask.FromResult(RequestResult.Fail(ErrorCode.InvalidArgument, "params must be {\"hash\": \"<64 lowercase hex characters>\"}."));
        }

        if (!CacheRequestParams.TryKey(cancel.Hash, "hash", out var hash, out var refusal))
        {
            return ValueTask.FromResult(refusal);
        }

        return registry.TryGet(context.SessionId, out var state) ? CancelAsync(state, hash) : ValueTask.FromResult(Answer(false));
    }

    /// <summary>Answers once the put has ended, so a partial entry is gone when the client hears back.</summary>
    private static async ValueTask<RequestResult> CancelAsync(SessionCacheState state, Cache.ContentHash hash) => Answer(await state.CancelAsync(hash));

    private static RequestResult Answer(bool cancelled) => RequestResult.Ok(new CacheCancelResult(cancelled), ProtocolJson.Default.CacheCancelResult);
}
