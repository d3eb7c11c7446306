using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OrleansBridge.Admission;

namespace OrleansBridge.Tests.Admission;

/// <summary>
/// Signed tokens (docs/protocol.md §8): the format, the decode round trip, and what the session
/// handler answers for tampered, foreign, expired and malformed tokens.
/// </summary>
public sealed class SignedTokenTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void Sign_ThenTryDecode_RoundTripsClaims(int? maxSessions)
    {
        var claims = new SignedToken("k1", "acme", 1_893_456_000, maxSessions);
        var token = claims.Sign(Secret);

        Assert.True(SignedToken.TryDecode(token, out var decoded, out var signedText, out var signature), $"'{token}' should decode");
        Assert.Equal(claims, decoded);
        Assert.Equal(token[..token.LastIndexOf('.')], signedText);
        Assert.Equal(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(signedText)), signature);
    }

    [Fact]
    public void Sign_AnyClaims_IsPrefixThenTwoUnpaddedBase64UrlParts()
    {
        var token = new SignedToken("default", "tenant/with+odd?chars", long.MaxValue, 1).Sign(Secret);
        var parts = token.Split('.');

        Assert.True(parts.Length == 3 && parts[0] == "obt1", $"expected obt1.<claims>.<mac>, got '{token}'");
        Assert.DoesNotContain('=', token);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.Equal(HMACSHA256.HashSizeInBytes, Base64Url.DecodeFromChars(parts[2]).Length);
        Assert.Equal(
            "{\"kid\":\"default\",\"tenant\":\"tenant/with\\u002Bodd?chars\",\"exp\":9223372036854775807,\"max\":1}",
            Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("obt1.")]
    [InlineData("obt1..")]
    [InlineData("obt1.e30")]
    [InlineData("obt2.eyJraWQiOiJrMSIsInRlbmFudCI6ImEiLCJleHAiOjF9.AAAA")]
    [InlineData("obt1.!!!!.AAAA")]
    [InlineData("obt1.eyJraWQiOiJrMSIsInRlbmFudCI6ImEiLCJleHAiOjF9.!!!!")]
    [InlineData("obt1.bm90IGpzb24.AAAA")]
    [InlineData("obt1.bnVsbA.AAAA")]
    [InlineData("obt1.eyJ0ZW5hbnQiOiJhIiwiZXhwIjoxfQ.AAAA")]
    [InlineData("obt1.eyJraWQiOiJrMSIsImV4cCI6MX0.AAAA")]
    [InlineData("obt1.eyJraWQiOiIiLCJ0ZW5hbnQiOiJhIiwiZXhwIjoxfQ.AAAA")]
    public void TryDecode_MalformedToken_False(string token)
    {
        Assert.False(SignedToken.TryDecode(token, out _, out _, out _), $"'{token}' must not decode");
    }

    [Fact]
    public void TryDecode_LongerThan4096Characters_False()
    {
        var token = new SignedToken("k1", new string('t', 4000), 1, null).Sign(Secret);
        Assert.True(token.Length > 4096, $"test token should be long, is {token.Length}");
        Assert.False(SignedToken.TryDecode(token, out _, out _, out _), "tokens over 4096 characters are refused before decoding");
    }

    [Fact]
    public async Task CheckAsync_ValidToken_AcceptsTenantAndCap()
    {
        var token = new SignedToken("k1", "acme", Now.AddHours(1).ToUnixTimeSeconds(), 3).Sign(Secret);
        var check = await Handler().CheckAsync(token, CancellationToken.None);
        Assert.True(check.Accepted, $"a valid token should be accepted, got {check.Error}");
        Assert.Equal("acme", check.Tenant);
        Assert.Equal(3, check.MaxSessions);
    }

    [Fact]
    public async Task CheckAsync_ClaimsTamperedAfterSigning_GivesSignatureInvalid()
    {
        var token = new SignedToken("k1", "acme", Now.AddHours(1).ToUnixTimeSeconds(), 3).Sign(Secret);
        var forged = new SignedToken("k1", "acme", Now.AddHours(1).ToUnixTimeSeconds(), 1000).Sign(Secret);
        var spliced = forged[..forged.LastIndexOf('.')] + token[token.LastIndexOf('.')..];

        var check = await Handler().CheckAsync(spliced, CancellationToken.None);
        Assert.Equal(ErrorCode.TokenSignatureInvalid, check.Error);
    }

    [Fact]
    public async Task CheckAsync_SignatureByteFlipped_GivesSignatureInvalid()
    {
        var token = new SignedToken("k1", "acme", Now.AddHours(1).ToUnixTimeSeconds(), null).Sign(Secret);
        var dot = token.LastIndexOf('.');
        var mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        mac[0] ^= 0x01;
        var tampered = token[..(dot + 1)] + Base64Url.EncodeToString(mac);

        var check = await Handler().CheckAsync(tampered, CancellationToken.None);
        Assert.Equal(ErrorCode.TokenSignatureInvalid, check.Error);
    }

    [Fact]
    public async Task CheckAsync_SignedWithAnotherSecret_GivesSignatureInvalid()
    {
        var other = Enumerable.Repeat((byte)7, 32).ToArray();
        var token = new SignedToken("k1", "acme", Now.AddHours(1).ToUnixTimeSeconds(), null).Sign(other);
        Assert.Equal(ErrorCode.TokenSignatureInvalid, (await Handler().CheckAsync(token, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task CheckAsync_UnknownKeyId_GivesSignatureInvalid()
    {
        var token = new SignedToken("k2", "acme", Now.AddHours(1).ToUnixTimeSeconds(), null).Sign(Secret);
        Assert.Equal(ErrorCode.TokenSignatureInvalid, (await Handler().CheckAsync(token, CancellationToken.None)).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task CheckAsync_ExpiryAtOrBeforeNow_GivesExpired(int secondsFromNow)
    {
        var token = new SignedToken("k1", "acme", Now.AddSeconds(secondsFromNow).ToUnixTimeSeconds(), null).Sign(Secret);
        var check = await Handler().CheckAsync(token, CancellationToken.None);
        Assert.True(check.Error == ErrorCode.TokenExpired, $"exp = now{secondsFromNow:+0;-0;+0} s should be expired, got {check.Error}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task CheckAsync_SessionCapBelowOne_GivesTokenInvalid(int max)
    {
        var token = new SignedToken("k1", "acme", Now.AddHours(1).ToUnixTimeSeconds(), max).Sign(Secret);
        Assert.Equal(ErrorCode.TokenInvalid, (await Handler().CheckAsync(token, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task CheckAsync_MalformedSignedToken_GivesTokenInvalid()
    {
        Assert.Equal(ErrorCode.TokenInvalid, (await Handler().CheckAsync("obt1.not-a-token", CancellationToken.None)).Error);
    }

    [Theory]
    [InlineData(null, ErrorCode.TokenMissing)]
    [InlineData("", ErrorCode.TokenMissing)]
    [InlineData("some-other-token-123", ErrorCode.TokenInvalid)]
    [InlineData("static-token-0123456789", ErrorCode.None)]
    public async Task CheckAsync_NotASignedToken_UsesTheStaticList(string? token, ErrorCode expected)
    {
        var check = await Handler().CheckAsync(token, CancellationToken.None);
        Assert.True(check.Error == expected, $"token '{token}': expected {expected}, got {check.Error}");
        if (check.Accepted)
        {
            Assert.Equal("studio", check.Tenant);
            Assert.Equal(2, check.MaxSessions);
        }
    }

    private static SignedTokenSessionHandler Handler() => new(
        new Dictionary<string, byte[]> { ["k1"] = Secret },
        new StaticTokenSessionHandler([new StaticToken("static-token-0123456789", "studio", 2)]),
        new ManualTimeProvider(Now));
}
