using System.Security.Cryptography;
using System.Text;

namespace OrleansBridge.Admission;

/// <summary>A configured static token and the tenant it stands for.</summary>
public sealed record StaticToken(string Token, string Tenant, int? MaxSessions = null);

/// <summary>
/// Accepts tokens from a configured list. Tokens are kept as SHA-256 digests and every entry is
/// compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, without an early exit, so
/// neither the length nor the position of a match leaks through timing.
/// </summary>
public sealed class StaticTokenSessionHandler : ISessionHandler
{
    private readonly (byte[] Digest, StaticToken Entry)[] _entries;

    /// <summary>Creates the handler from the configured tokens.</summary>
    public StaticTokenSessionHandler(IEnumerable<StaticToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _entries = [.. tokens.Select(t => (SHA256.HashData(Encoding.UTF8.GetBytes(t.Token)), t))];
    }

    /// <summary>True when at least one token is configured.</summary>
    public bool HasTokens => _entries.Length > 0;

    /// <inheritdoc />
    public ValueTask<TokenCheck> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return ValueTask.FromResult(TokenCheck.Refuse(ErrorCode.TokenMissing));
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        StaticToken? match = null;
        foreach (var (candidate, entry) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                match = entry;
            }
        }

        return ValueTask.FromResult(match is null
            ? TokenCheck.Refuse(ErrorCode.TokenInvalid)
            : TokenCheck.Accept(match.Tenant, match.MaxSessions));
    }
}
