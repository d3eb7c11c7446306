using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansBridge.Admission;

/// <summary>
/// The claims of an HMAC-signed token: <c>obt1.&lt;base64url(claims JSON)&gt;.&lt;base64url(HMAC-SHA256)&gt;</c>,
/// the signature computed with the key named by <see cref="KeyId"/> over the text before the last dot
/// (docs/protocol.md §8). A studio's own login service mints them; the bridge only verifies.
/// </summary>
/// <param name="KeyId">Which configured secret signed the token.</param>
/// <param name="Tenant">Who the token belongs to.</param>
/// <param name="ExpiresAt">Unix seconds after which the token is refused.</param>
/// <param name="MaxSessions">The tenant's concurrent session cap, or null for the application's.</param>
public sealed record SignedToken(
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("tenant")] string Tenant,
    [property: JsonPropertyName("exp")] long ExpiresAt,
    [property: JsonPropertyName("max")] int? MaxSessions)
{
    /// <summary>The prefix that marks a signed token.</summary>
    public const string Prefix = "obt1.";

    /// <summary>Signs these claims with <paramref name="secret"/>.</summary>
    public string Sign(ReadOnlySpan<byte> secret)
    {
        var claims = JsonSerializer.SerializeToUtf8Bytes(this, SignedTokenJson.Default.SignedToken);
        var signed = Prefix + Base64Url.EncodeToString(claims);
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(signed));
        return signed + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Splits a token into its signed text, claims and signature without checking the signature.</summary>
    public static bool TryDecode(string token, [NotNullWhen(true)] out SignedToken? claims, out string signedText, out byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(token);
        claims = null;
        signedText = string.Empty;
        signature = [];
        var dot = token.LastIndexOf('.');
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || dot <= Prefix.Length || token.Length > 4096)
        {
            return false;
        }

        signedText = token[..dot];
        try
        {
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            var json = Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length, dot - Prefix.Length));
            claims = JsonSerializer.Deserialize(json, SignedTokenJson.Default.SignedToken);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }

        if (claims is not { KeyId.Length: > 0, Tenant.Length: > 0 })
        {
            claims = null;
            return false;
        }

        return true;
    }
}

[JsonSerializable(typeof(SignedToken))]
internal sealed partial class SignedTokenJson : JsonSerializerContext;
