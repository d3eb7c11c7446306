using System.Globalization;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Cache.Admin;
using OrleansBridge.Cache.Http;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Silo.Admin;

/// <summary>
/// The cache admin surface of a bridge: POST <c>/admin/cache/gc</c> and GET <c>/admin/cache/stats</c>
/// (docs/cache.md). The application is named by <c>?application=</c> (its name or WebSocket path;
/// default the default application). A browser's Origin must be allowed as for a WebSocket upgrade.
/// The request carries <c>Authorization: Bearer</c> with either an operator's admin token
/// (<c>Bridge:AdminTokens</c>: every tenant's entries, any minimum age) or one of the application's
/// tokens, checked by its session handler exactly as a WebSocket upgrade is: a tenant collects only
/// the entries its own uploads stored, never younger than <c>Bridge:Cache:GcMinimumAge</c>, and its
/// statistics show its own charges only. Refusals carry the protocol code in <c>Bridge-Error</c> and
/// an <see cref="ErrorBody"/>.
/// </summary>
internal sealed partial class CacheAdminEndpoints
{
    private readonly IApplicationCatalog _catalog;
    private readonly ApplicationCaches _caches;
    private readonly CacheMaintenance _maintenance;
    private readonly AdminTokens _adminTokens;
    private readonly ILogger _logger;

    private CacheAdminEndpoints(IServiceProvider services)
    {
        _catalog = services.GetRequiredService<IApplicationCatalog>();
        _caches = services.GetRequiredService<ApplicationCaches>();
        _maintenance = services.GetRequiredService<CacheMaintenance>();
        _adminTokens = new AdminTokens(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.BridgeOptions>>().Value.AdminTokens);
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansBridge.Admin");
    }

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var admin = new CacheAdminEndpoints(endpoints.ServiceProvider);
        endpoints.MapPost(CacheAdminHttp.GcPath, admin.GcAsync);
        endpoints.MapGet(CacheAdminHttp.StatsPath, admin.StatsAsync);
        return endpoints;
    }

    private async Task GcAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } caller)
        {
            return;
        }

        TimeSpan? minimumAge = null;
        if (context.Request.Query[CacheAdminHttp.MinimumAgeParameter] is { Count: > 0 } text)
        {
            if (!double.TryParse(text.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is < 0 or > 1e9)
            {
                await WriteErrorAsync(context, ErrorCode.InvalidArgument, $"{CacheAdminHttp.MinimumAgeParameter} must be a number of seconds, 0 or more.");
                return;
            }

            minimumAge = TimeSpan.FromSeconds(seconds);
        }

        // The minimum age protects entries whose uploader may be about to pin them; only an operator may go below it.
        if (!caller.IsAdmin && minimumAge < _maintenance.MinimumAge)
        {
            LogRefused(_logger, context.Request.Path, caller.Application.Name, (int)ErrorCode.AdminTokenRequired);
            await WriteErrorAsync(context, ErrorCode.AdminTokenRequired,
                $"{CacheAdminHttp.MinimumAgeParameter} below {_maintenance.MinimumAge.TotalSeconds} needs an admin token; a tenant's collection keeps younger entries.");
            return;
        }

        var cache = _caches.For(caller.Application.Name);
        LogGc(_logger, caller.Application.Name, caller.IsAdmin ? "(admin)" : caller.Tenant);
        var report = await _maintenance.CollectAsync(cache, minimumAge, caller.IsAdmin ? null : caller.Tenant, context.RequestAborted);
        await WriteAsync(context, report.Error, report.Detail, report.Value, CacheJson.Default.CacheGcReport);
    }

    private async Task StatsAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } caller)
        {
            return;
        }

        var report = await _maintenance.StatsAsync(_caches.For(caller.Application.Name), context.RequestAborted);
        var value = report.Value;
        if (value is not null && !caller.IsAdmin)
        {
            // A tenant learns its own charges, not which other tenants use the cache.
            value = value with
            {
                TenantBytes = value.TenantBytes.Where(t => t.Key == caller.Tenant).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            };
        }

        await WriteAsync(context, report.Error, report.Detail, value, CacheJson.Default.CacheStatsReport);
    }

    /// <summary>The application and who calls (a tenant, or an operator with an admin token); null after writing the refusal.</summary>
    private async Task<AdminCaller?> AuthorizeAsync(HttpContext context)
    {
        var catalog = _catalog;
        var named = context.Request.Query[CacheAdminHttp.ApplicationParameter].ToString();
        var application = named.Length == 0
            ? catalog.TryGet("bridge", out var fallback) ? fallback : catalog.Applications[0]
            : catalog.Applications.FirstOrDefault(a => a.Name == named || string.Equals(a.Path, named.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        if (application is null)
        {
            await WriteErrorAsync(context, ErrorCode.ApplicationNotFound, $"No application is named or mapped at '{ErrorText.Quote(named)}'.");
            return null;
        }

        if (!Gateway.Upgrade.OriginPolicy.IsAllowed(context.Request, application.AllowedOrigins))
        {
            LogRefused(_logger, context.Request.Path, application.Name, (int)ErrorCode.OriginNotAllowed);
            await WriteErrorAsync(context, ErrorCode.OriginNotAllowed, null);
            return null;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        if (_adminTokens.Contains(token))
        {
            return new AdminCaller(application, string.Empty, IsAdmin: true);
        }

        var check = await catalog.GetSessionHandler(application.Name).CheckAsync(token, context.RequestAborted);
        if (!check.Accepted)
        {
            LogRefused(_logger, context.Request.Path, application.Name, (int)check.Error);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(context, check.Error, null);
            return null;
        }

        return new AdminCaller(application, check.Tenant, IsAdmin: false);
    }

    private static async Task WriteAsync<T>(HttpContext context, ErrorCode error, string? detail, T? value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class
    {
        if (error != ErrorCode.None || value is null)
        {
            await WriteErrorAsync(context, error, detail);
            return;
        }

        await context.Response.WriteAsJsonAsync(value, info, cancellationToken: context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, ErrorCode code, string? detail)
    {
        context.Response.StatusCode = code == ErrorCode.ApplicationNotFound ? StatusCodes.Status404NotFound : CacheHttp.StatusOf(code);
        context.Response.Headers[CacheHttp.ErrorHeader] = ((int)code).ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new ErrorBody(code, detail ?? ErrorCodes.Describe(code)), CacheJson.Default.ErrorBody, cancellationToken: context.RequestAborted);
    }

    /// <summary>Who makes an admin request: a tenant of the application, or an operator.</summary>
    private sealed record AdminCaller(ApplicationSettings Application, string Tenant, bool IsAdmin);

    [LoggerMessage(EventId = LogEvents.AdminRequestRefused, Level = LogLevel.Information, Message = "Admin request {Path} for application {Application} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, PathString path, string application, int code);

    [LoggerMessage(EventId = LogEvents.AdminCacheGc, Level = LogLevel.Information, Message = "Cache garbage collection of application {Application} requested by {Caller}")]
    private static partial void LogGc(ILogger logger, string application, string caller);
}
