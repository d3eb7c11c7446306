using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace OrleansBridge.Gateway.Upgrade;

/// <summary>
/// Which browser origins may reach an application: its WebSocket upgrade and its admin endpoints alike.
/// A request without Origin (not a browser: the SDK, the CLI, curl) is allowed; a browser's Origin must
/// be the server's own or on the application's allow-list, which defeats cross-site WebSocket hijacking
/// and keeps other sites' pages off the admin endpoints.
/// </summary>
public static class OriginPolicy
{
    /// <summary>True when <paramref name="request"/>'s Origin may reach an application allowing <paramref name="allowed"/>.</summary>
    public static bool IsAllowed(HttpRequest request, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(allowed);
        var origin = request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin))
        {
            return true;
        }

        var value = origin.ToString();
        var own = $"{request.Scheme}://{request.Host}";
        if (string.Equals(value, own, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var entry in allowed)
        {
            if (entry == "*" || string.Equals(value, entry.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
