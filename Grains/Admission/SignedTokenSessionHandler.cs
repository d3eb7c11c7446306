using System.Security.Cryptography;
using System.Text;

namespace OrleansBridge.Admission;

/// <summary>
/// Accepts HMAC-SHA256 signed tokens (<see cref="SignedToken"/>) carrying tenant, expiry and a
/// session cap; falls back to a static token list for anything that is not a signed token.
/// Signatures are compared in constant time.
/// </summary>
public sealed class SignedTokenSessionHandler : ISessionHandler
{
    private readonly Dictionary<string, byte[]> _keys;
    private readonly ISessionHandler _fallback;
    private readonly TimeProvider _time;

    /// <summary>Creates the handler.</summary>
    /// <param name="keys">Secrets by key id.</param>
    /// <param name="fallback">Checks tokens that are not signed tokens.</param>
    /// <param name="time">The clock for expiry.</param>
    public SignedTokenSessionHandler(IReadOnlyDictionary<string, byte[]> keys, ISessionHandler fallback, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(time);
        _keys = new Dictionary<string, byte[]>(keys, StringComparer.Ordinal);
        _fallback = fallback;
        _time = time;
    }

    /// <inheritdoc />
    public ValueTask<TokenCheck> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(SignedToken.Prefix, StringComparison.Ordinal))
        {
            return _fallback.CheckAsync(token, cancellationToken);
        }

        return ValueTask.FromResult(Check(token));
    }

    private TokenCheck Check(string token)
    {
        if (!SignedToken.TryDecode(token, out var claims, out var signedText, out var signature))
        {
            return TokenCheck.Refuse(ErrorCode.TokenInvalid);
        }

        if (!_keys.TryGetValue(claims.KeyId, out var secret))
        {
            return TokenCheck.Refuse(ErrorCode.TokenSignatureInvalid);
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(signedText), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return TokenCheck.Refuse(ErrorCode.TokenSignatureInvalid);
        }

        if (_time.GetUtcNow().ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            return TokenCheck.Refuse(ErrorCode.TokenExpired);
        }

        return claims.MaxSessions is < 1
            ? TokenCheck.Refuse(ErrorCode.TokenInvalid)
            : TokenCheck.Accept(claims.Tenant, claims.MaxSessions);
    }
}
