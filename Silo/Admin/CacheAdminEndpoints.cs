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
/// default the default application), and the request must carry one of that application's tokens as
/// <c>Authorization: Bearer</c>, checked by its session handler exactly as a WebSocket upgrade is.
/// Refusals carry the protocol code in <c>Bridge-Error</c> and an <see cref="ErrorBody"/>.
/// </summary>
internal sealed partial class CacheAdminEndpoints
{
    private readonly IApplicationCatalog _catalog;
    private readonly ApplicationCaches _caches;
    private readonly CacheMaintenance _maintenance;
    private readonly ILogger _logger;

    private CacheAdminEndpoints(IServiceProvider services)
    {
        _catalog = services.GetRequiredService<IApplicationCatalog>();
        _caches = services.GetRequiredService<ApplicationCaches>();
        _maintenance = services.GetRequiredService<CacheMaintenance>();
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
        if (await AuthorizeAsync(context) is not { } admitted)
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

        var cache = _caches.For(admitted.Application.Name);
        LogGc(_logger, admitted.Application.Name, admitted.Tenant);
        var report = await _maintenance.CollectAsync(cache, minimumAge, context.RequestAborted);
        await WriteAsync(context, report.Error, report.Detail, report.Value, CacheJson.Default.CacheGcReport);
    }

    private async Task StatsAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } admitted)
        {
            return;
        }

        var report = await _maintenance.StatsAsync(_caches.For(admitted.Application.Name), context.RequestAborted);
        await WriteAsync(context, report.Error, report.Detail, report.Value, CacheJson.Default.CacheStatsReport);
    }

    /// <summary>The application and the caller's tenant; null after writing the refusal.</summary>
    private async Task<(ApplicationSettings Application, string Tenant)?> AuthorizeAsync(HttpContext context)
    {
        var catalog = _catalog;
        var named = context.Request.Query[CacheAdminHttp.ApplicationParameter].ToString();
        var application = named.Length == 0
            ? catalog.TryGet("bridge", out var fallback) ? fallback : catalog.Applications[0]
            : catalog.Applications.FirstOrDefault(a => a.Name == named || string.Equals(a.Path, named.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        if (application is null)
        {
            await WriteErrorAsync(context, ErrorCode.ApplicationNotFound, $"No application is named or mapped at '{named}'.");
            return null;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        var check = await catalog.GetSessionHandler(application.Name).CheckAsync(token, context.RequestAborted);
        if (!check.Accepted)
        {
            LogRefused(_logger, context.Request.Path, application.Name, (int)check.Error);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(context, check.Error, null);
            return null;
        }

        return (application, check.Tenant);
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

    [LoggerMessage(EventId = LogEvents.AdminRequestRefused, Level = LogLevel.Information, Message = "Admin request {Path} for application {Application} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, PathString path, string application, int code);

    [LoggerMessage(EventId = LogEvents.AdminCacheGc, Level = LogLevel.Information, Message = "Cache garbage collection of application {Application} requested by tenant {Tenant}")]
    private static partial void LogGc(ILogger logger, string application, string tenant);
}
