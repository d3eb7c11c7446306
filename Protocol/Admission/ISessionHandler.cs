using OrleansBridge.Protocol;

namespace OrleansBridge.Admission;

/// <summary>
/// Decides whether a security token admits a client to an application (pluggable per application).
/// Implementations compare secrets in constant time and never throw for a bad token.
/// </summary>
public interface ISessionHandler
{
    /// <summary>Checks a token presented at the handshake.</summary>
    ValueTask<TokenCheck> CheckAsync(string? token, CancellationToken cancellationToken);
}

/// <summary>The outcome of a token check.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> when accepted.</param>
/// <param name="Tenant">Who the token belongs to; session limits count per tenant.</param>
/// <param name="MaxSessions">A per-token cap on the tenant's concurrent sessions, if the token carries one.</param>
public readonly record struct TokenCheck(ErrorCode Error, string Tenant, int? MaxSessions)
{
    /// <summary>True when the token admits the client.</summary>
    public bool Accepted => Error == ErrorCode.None;

    /// <summary>An accepted token.</summary>
    public static TokenCheck Accept(string tenant, int? maxSessions = null) => new(ErrorCode.None, tenant, maxSessions);

    /// <summary>A refused token.</summary>
    public static TokenCheck Refuse(ErrorCode error) => new(error, string.Empty, null);
}
