using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using OrleansBridge.Cache;
using OrleansBridge.Cache.Http;

namespace OrleansBridge.Silo.CacheServer;

/// <summary>The calls over many entries: which are missing, and listing.</summary>
internal sealed partial class CacheServerEndpoints
{
    /// <summary>POST <c>/cache/missing</c> with <see cref="CacheHashesBody"/>: answers the hashes the cache lacks.</summary>
    public async Task FindMissingAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxQueryBodyBytes;
        }

        CacheHashesBody? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync(CacheJson.Default.CacheHashesBody, cancellationToken: context.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            await WriteErrorAsync(context, ErrorCode.MalformedBody, $"The body must be {{\"hashes\":[…]}}: {ex.Message}");
            return;
        }

        if (body?.Hashes is not { } texts || texts.Count > CacheHttp.MaxHashesPerQuery)
        {
            await WriteErrorAsync(context, ErrorCode.InvalidArgument, $"Send between 0 and {CacheHttp.MaxHashesPerQuery} hashes per query.");
            return;
        }

        var hashes = new List<ContentHash>(texts.Count);
        foreach (var text in texts)
        {
            if (!ContentHash.TryParse(text, out var hash))
            {
                await WriteErrorAsync(context, ErrorCode.CacheKeyInvalid, null);
                return;
            }

            hashes.Add(hash);
        }

        var missing = await _cache.FindMissingAsync(hashes, context.RequestAborted);
        if (!missing.Succeeded)
        {
            await WriteErrorAsync(context, missing.Error, missing.Detail);
            return;
        }

        await context.Response.WriteAsJsonAsync(new CacheHashesBody([.. missing.Value.Select(h => h.ToString())]), CacheJson.Default.CacheHashesBody, cancellationToken: context.RequestAborted);
    }

    /// <summary>GET <c>/cache?max=&amp;continuation=</c>: one page of entries.</summary>
    public async Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var max = CacheHttp.MaxListPage;
        if (query.TryGetValue(CacheHttp.MaxParameter, out var maxText)
            && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > CacheHttp.MaxListPage))
        {
            await WriteErrorAsync(context, ErrorCode.InvalidArgument, $"{CacheHttp.MaxParameter} must be between 1 and {CacheHttp.MaxListPage}.");
            return;
        }

        var continuation = query.TryGetValue(CacheHttp.ContinuationParameter, out var given) ? given.ToString() : null;
        var page = await _cache.ListAsync(continuation, max, context.RequestAborted);
        if (!page.Succeeded)
        {
            await WriteErrorAsync(context, page.Error, page.Detail);
            return;
        }

        var entries = page.Value.Entries.Select(e => new CacheEntryBody(e.Hash.ToString(), e.Length, e.LastModified, e.LastAccessed)).ToList();
        await context.Response.WriteAsJsonAsync(new CacheListBody(entries, page.Value.Continuation), CacheJson.Default.CacheListBody, cancellationToken: context.RequestAborted);
    }
}
