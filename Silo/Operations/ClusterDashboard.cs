using System.Net.Http.Headers;
using System.Text;
using Orleans.Dashboard;
using OrleansBridge.Silo.Admin;
using OrleansBridge.Silo.Configuration;

namespace OrleansBridge.Silo.Operations;

/// <summary><c>Bridge:Dashboard</c>: Orleans' own dashboard of the cluster, off unless enabled.</summary>
public sealed class DashboardSettings
{
    /// <summary>Serves the dashboard; it needs at least one of <c>Bridge:AdminTokens</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where it is served on the silo's HTTP port.</summary>
    public string Path { get; set; } = "/dashboard";
}

/// <summary>
/// Orleans' dashboard (<c>Microsoft.Orleans.Dashboard</c>): grains, calls, silos and their counters,
/// served by each silo that enables it, for operators only. Every request needs an admin token, as
/// HTTP Basic credentials (any user name, the token as password: a browser asks for them) or as a
/// bearer token; anything else gets 401. The dashboard records every grain call's timing, so it stays
/// off unless asked for.
/// </summary>
internal static class ClusterDashboard
{
    private const string Realm = "Basic realm=\"OrleansBridge dashboard\", charset=\"UTF-8\"";

    /// <summary>The settings, checked: enabled without an admin token is a configuration error.</summary>
    public static DashboardSettings? Enabled(IConfiguration configuration)
    {
        var settings = configuration.GetSection($"{BridgeOptions.Section}:Dashboard").Get<DashboardSettings>();
        if (settings is not { Enabled: true })
        {
            return null;
        }

        var tokens = configuration.GetSection($"{BridgeOptions.Section}:AdminTokens").Get<List<string>>() ?? [];
        if (!tokens.Any(t => !string.IsNullOrEmpty(t)))
        {
            throw new BridgeConfigurationException(["Bridge:Dashboard:Enabled needs an admin token (Bridge:AdminTokens:0): the dashboard is for operators only."]);
        }

        if (!settings.Path.StartsWith('/') || settings.Path.Length < 2)
        {
            throw new BridgeConfigurationException([$"Bridge:Dashboard:Path must start with '/' and name a path, not '{settings.Path}'."]);
        }

        return settings;
    }

    /// <summary>Maps the dashboard's pages and API under its path, behind the admin-token check.</summary>
    public static void Map(WebApplication app, DashboardSettings settings)
    {
        var tokens = new AdminTokens(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BridgeOptions>>().Value.AdminTokens);
        app.MapOrleansDashboard(settings.Path).AddEndpointFilter(async (context, next) =>
        {
            if (tokens.Contains(TokenOf(context.HttpContext.Request)))
            {
                return await next(context);
            }

            context.HttpContext.Response.Headers.WWWAuthenticate = Realm;
            return Results.Text("An admin token is required (Bridge:AdminTokens), as the password of Basic credentials or a bearer token.", "text/plain", statusCode: StatusCodes.Status401Unauthorized);
        });
    }

    private static string? TokenOf(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) || header.Parameter is not { } parameter)
        {
            return null;
        }

        if (string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return parameter;
        }

        if (!string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Span<byte> decoded = stackalloc byte[256];
        if (!Convert.TryFromBase64String(parameter, decoded, out var length))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(decoded[..length]);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : credentials[(colon + 1)..];
    }
}
