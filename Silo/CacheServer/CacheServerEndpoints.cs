using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using OrleansBridge.Admission;
using OrleansBridge.Cache;
using OrleansBridge.Cache.Http;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Silo.CacheServer;

/// <summary>
/// The cache server's handlers. Every request is authenticated first (Bearer token, checked by the
/// application's session handler in constant time); every key is parsed as a <see cref="ContentHash"/>
/// before the cache is touched, so a malformed key or a path trick is a 400 carrying
/// <see cref="ErrorCode.CacheKeyInvalid"/> and never reaches storage. Puts are verified by the cache itself.
/// </summary>
internal sealed partial class CacheServerEndpoints
{
    /// <summary>Bytes a missing-query body may have: 10,000 quoted hashes and commas, with room to spare.</summary>
    private const long MaxQueryBodyBytes = 1 << 20;

    private readonly IContentCache _cache;
    private readonly ISessionHandler _tokens;
    private readonly ILogger _logger;

    public CacheServerEndpoints(IContentCache cache, ISessionHandler tokens, ILogger logger)
    {
        _cache = cache;
        _tokens = tokens;
        _logger = logger;
    }

    /// <summary>Wraps a handler so that it runs only for a request with an accepted token.</summary>
    public RequestDelegate Authenticated(RequestDelegate handler) => async context =>
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        var check = await _tokens.CheckAsync(token, context.RequestAborted);
        if (!check.Accepted)
        {
            LogRefused(_logger, context.Request.Method, context.Request.Path, (int)check.Error);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(context, check.Error, null);
            return;
        }

        await handler(context);
    };

    /// <summary>GET or HEAD <c>/cache/{hash}</c>.</summary>
    public async Task GetAsync(HttpContext context)
    {
        if (!TryKey(context, out var hash))
        {
            await WriteErrorAsync(context, ErrorCode.CacheKeyInvalid, null);
            return;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            var info = await _cache.GetInfoAsync(hash, context.RequestAborted);
            if (!info.Succeeded)
            {
                await WriteErrorAsync(context, info.Error, info.Detail);
                return;
            }

            context.Response.ContentLength = info.Value.Length;
            context.Response.Headers.LastModified = info.Value.LastModified.ToString("R", CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/octet-stream";
            return;
        }

        var opened = await _cache.OpenReadAsync(hash, context.RequestAborted);
        if (!opened.Succeeded)
        {
            await WriteErrorAsync(context, opened.Error, opened.Detail);
            return;
        }

        await using var content = opened.Value;
        context.Response.ContentLength = content.Length;
        context.Response.ContentType = "application/octet-stream";
        await content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// PUT <c>/cache/{hash}</c>: 201 stored; present already: 412 when the request says
    /// <c>If-None-Match: *</c> (so a client waiting on 100-continue never sends the body), else 200;
    /// 422 hash mismatch, 413 too large.
    /// </summary>
    public async Task PutAsync(HttpContext context)
    {
        if (!TryKey(context, out var hash))
        {
            await WriteErrorAsync(context, ErrorCode.CacheKeyInvalid, null);
            return;
        }

        if (context.Request.ContentLength > _cache.MaxEntryBytes)
        {
            await WriteErrorAsync(context, ErrorCode.CacheEntryTooLarge, $"The entry's {context.Request.ContentLength} bytes exceed the cache's limit of {_cache.MaxEntryBytes}.");
            return;
        }

        // The cache counts bytes against its own limit as it reads; Kestrel's default (30 MB) would cut entries short.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var result = await _cache.PutAsync(hash, context.Request.Body, context.RequestAborted);
        if (!result.Succeeded)
        {
            await WriteErrorAsync(context, result.Error, result.Detail);
            return;
        }

        context.Response.StatusCode = result.Status == CachePutStatus.Stored ? StatusCodes.Status201Created
            : context.Request.Headers.IfNoneMatch == "*" ? StatusCodes.Status412PreconditionFailed
            : StatusCodes.Status200OK;
    }

    /// <summary>DELETE <c>/cache/{hash}</c>: 204, or 404.</summary>
    public async Task DeleteAsync(HttpContext context)
    {
        if (!TryKey(context, out var hash))
        {
            await WriteErrorAsync(context, ErrorCode.CacheKeyInvalid, null);
            return;
        }

        var result = await _cache.DeleteAsync(hash, context.RequestAborted);
        if (!result.Succeeded)
        {
            await WriteErrorAsync(context, result.Error, result.Detail);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The route's key, parsed; false for anything that is not exactly 64 lowercase hex characters.</summary>
    private static bool TryKey(HttpContext context, out ContentHash hash) =>
        ContentHash.TryParse(context.Request.RouteValues["key"] as string, out hash);

    /// <summary>The status of <paramref name="code"/>, its number in <see cref="CacheHttp.ErrorHeader"/>, and an <see cref="ErrorBody"/> (not for HEAD).</summary>
    private static async Task WriteErrorAsync(HttpContext context, ErrorCode code, string? detail)
    {
        context.Response.StatusCode = CacheHttp.StatusOf(code);
        context.Response.Headers[CacheHttp.ErrorHeader] = ((int)code).ToString(CultureInfo.InvariantCulture);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsJsonAsync(new ErrorBody(code, detail ?? ErrorCodes.Describe(code)), CacheJson.Default.ErrorBody, cancellationToken: context.RequestAborted);
        }
    }

    [LoggerMessage(EventId = LogEvents.CacheServerRequestRefused, Level = LogLevel.Information, Message = "Cache server refused {Method} {Path}: {Code}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, int code);
}
