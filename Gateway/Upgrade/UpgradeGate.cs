using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orleans;
using OrleansBridge.Admission;
using OrleansBridge.Applications;

namespace OrleansBridge.Gateway.Upgrade;

/// <summary>What the checks before the upgrade decided.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> to accept the upgrade.</param>
/// <param name="Token">The token check when the request carried a token; the handshake then trusts it.</param>
internal readonly record struct UpgradeDecision(ErrorCode Error, TokenCheck? Token);

/// <summary>
/// Checks made on the HTTP upgrade request, before any WebSocket exists (docs/protocol.md §4.0):
/// the application is open, the Origin is allowed, and a token sent with the request is valid.
/// Refusing here costs the server no socket and gives browsers a plain HTTP status.
/// </summary>
internal static class UpgradeGate
{
    /// <summary>Header carrying the numeric error code on a refused upgrade.</summary>
    public const string ErrorHeader = "Bridge-Error";

    public static async Task<UpgradeDecision> CheckAsync(HttpContext context, ApplicationSettings application, IGrainFactory grains, ISessionHandler handler)
    {
        if (!OriginPolicy.IsAllowed(context.Request, application.AllowedOrigins))
        {
            return new UpgradeDecision(ErrorCode.OriginNotAllowed, null);
        }

        var status = await grains.GetGrain<IApplicationGrain>(application.Name).GetStatusAsync();
        if (!status.IsOpen)
        {
            return new UpgradeDecision(ErrorCode.ApplicationClosed, null);
        }

        var token = TokenOf(context.Request);
        if (token is null)
        {
            return new UpgradeDecision(ErrorCode.None, null); // The token may come in Hello.
        }

        var check = await handler.CheckAsync(token, context.RequestAborted);
        return new UpgradeDecision(check.Error, check);
    }

    /// <summary>The token from <c>Authorization: Bearer …</c>, or from <c>?access_token=</c> for browsers, which cannot set headers on a WebSocket.</summary>
    private static string? TokenOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var query = request.Query["access_token"];
        return StringValues.IsNullOrEmpty(query) ? null : query.ToString();
    }
}
