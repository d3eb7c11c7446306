using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions.Requests;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// <c>cache.query {"hashes": […]}</c> → <c>{"missing": […]}</c> (docs/protocol.md §6.3). Every key is
/// parsed before anything touches storage. The session pins every queried key before the cache is
/// asked, so an entry reported present cannot be collected while the session lives (deletions and
/// pins take turns in the cache's ledger), and a missing one stays pinned while it is uploaded.
/// </summary>
internal sealed class CacheQueryHandler(SessionCacheRegistry registry, Diagnostics.BridgeMetrics metrics) : IRequestHandler
{
    public string Method => CacheMethods.Query;

    public ValueTask<RequestResult> HandleAsync(RequestContext context, JsonElement parameters, CancellationToken cancellationToken)
    {
        if (!CacheRequestParams.TryRead(parameters, ProtocolJson.Default.CacheQueryParams, out var query) || query.Hashes is not { } texts)
        {
            return ValueTask.FromResult(RequestResult.Fail(ErrorCode.InvalidArgument, "params must be {\"hashes\": [\"<64 lowercase hex characters>\", …]}."));
        }

        if (texts.Count > CacheMethods.MaxHashesPerQuery)
        {
            return ValueTask.FromResult(RequestResult.Fail(ErrorCode.InvalidArgument,
                $"A query may carry at most {CacheMethods.MaxHashesPerQuery} hashes, not {texts.Count}; split it."));
        }

        var hashes = new List<ContentHash>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            if (!CacheRequestParams.TryKey(texts[i], $"hashes[{i}]", out var hash, out var refusal))
            {
                return ValueTask.FromResult(refusal);
            }

            hashes.Add(hash);
        }

        return QueryAsync(registry.For(context), hashes, cancellationToken);
    }

    private async ValueTask<RequestResult> QueryAsync(SessionCacheState state, List<ContentHash> hashes, CancellationToken cancellationToken)
    {
        await state.Ledger.PinAsync(state.Owner, hashes);
        var missing = await state.Cache.Cache.FindMissingAsync(hashes, cancellationToken);
        if (!missing.Succeeded)
        {
            return RequestResult.Fail(missing.Error, missing.Detail ?? ErrorCodes.Describe(missing.Error));
        }

        var absent = missing.Value.ToHashSet();
        var present = hashes.Distinct().Where(h => !absent.Contains(h)).ToList();
        state.Cache.Statistics.Record(present.Count, absent.Count);
        metrics.RecordCacheLookups(present.Count, absent.Count);
        state.Cache.MarkUsed(present);
        return RequestResult.Ok(new CacheQueryResult([.. missing.Value.Select(h => h.ToString())]), ProtocolJson.Default.CacheQueryResult);
    }
}
