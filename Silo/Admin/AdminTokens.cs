using System.Security.Cryptography;
using System.Text;

namespace OrleansBridge.Silo.Admin;

/// <summary>
/// The operators' admin tokens (<c>Bridge:AdminTokens</c>): a request carrying one may collect every
/// tenant's cache entries at any age. Kept as SHA-256 digests and compared in constant time, every
/// entry without an early exit, like the applications' static tokens.
/// </summary>
internal sealed class AdminTokens
{
    private readonly byte[][] _digests;

    public AdminTokens(IEnumerable<string> tokens) =>
        _digests = [.. tokens.Where(t => !string.IsNullOrEmpty(t)).Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];

    /// <summary>True when <paramref name="token"/> is one of the admin tokens.</summary>
    public bool Contains(string? token)
    {
        if (string.IsNullOrEmpty(token) || _digests.Length == 0)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        var match = false;
        foreach (var candidate in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(candidate, digest);
        }

        return match;
    }
}
