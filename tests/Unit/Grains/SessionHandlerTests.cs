using OrleansBridge.Admission;

namespace OrleansBridge.Tests.Grains;

public sealed class SessionHandlerTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    private SignedTokenSessionHandler Handler() => new(
        new Dictionary<string, byte[]> { ["k1"] = Key },
        new StaticTokenSessionHandler([new StaticToken("static-token-abcdefgh", "studio", 3)]),
        _time);

    private string Token(string tenant, TimeSpan validFor, int? max = null, string kid = "k1", byte[]? key = null) =>
        new SignedToken(kid, tenant, (_time.GetUtcNow() + validFor).ToUnixTimeSeconds(), max).Sign(key ?? Key);

    [Fact]
    public async Task Static_KnownToken_AcceptedWithTenantAndCap()
    {
        var check = await Handler().CheckAsync("static-token-abcdefgh", CancellationToken.None);

        Assert.True(check.Accepted);
        Assert.Equal("studio", check.Tenant);
        Assert.Equal(3, check.MaxSessions);
    }

    [Theory]
    [InlineData(null, ErrorCode.TokenMissing)]
    [InlineData("", ErrorCode.TokenMissing)]
    [InlineData("static-token-abcdefgX", ErrorCode.TokenInvalid)]
    [InlineData("obt1.garbage", ErrorCode.TokenInvalid)]
    [InlineData("obt1.!!!.###", ErrorCode.TokenInvalid)]
    public async Task Check_BadTokens_RefusedWithCode(string? token, ErrorCode expected)
    {
        var check = await Handler().CheckAsync(token, CancellationToken.None);

        Assert.False(check.Accepted);
        Assert.Equal(expected, check.Error);
    }

    [Fact]
    public async Task Signed_Valid_AcceptedWithClaims()
    {
        var check = await Handler().CheckAsync(Token("tenant-a", TimeSpan.FromHours(1), max: 4), CancellationToken.None);

        Assert.Equal(TokenCheck.Accept("tenant-a", 4), check);
    }

    [Fact]
    public async Task Signed_Expired_TokenExpired()
    {
        var token = Token("tenant-a", TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(ErrorCode.TokenExpired, (await Handler().CheckAsync(token, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task Signed_WrongKeyOrUnknownKeyId_SignatureInvalid()
    {
        var wrongKey = Token("tenant-a", TimeSpan.FromHours(1), key: new byte[32]);
        var unknownKid = Token("tenant-a", TimeSpan.FromHours(1), kid: "k9");

        Assert.Equal(ErrorCode.TokenSignatureInvalid, (await Handler().CheckAsync(wrongKey, CancellationToken.None)).Error);
        Assert.Equal(ErrorCode.TokenSignatureInvalid, (await Handler().CheckAsync(unknownKid, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task Signed_ClaimsTamperedAfterSigning_SignatureInvalid()
    {
        var token = Token("tenant-a", TimeSpan.FromHours(1), max: 1);
        var parts = token.Split('.');
        var forged = new SignedToken("k1", "tenant-a", (_time.GetUtcNow() + TimeSpan.FromHours(1)).ToUnixTimeSeconds(), 1000).Sign(new byte[32]).Split('.');

        var tampered = $"{parts[0]}.{forged[1]}.{parts[2]}"; // Raised cap, original signature.

        Assert.Equal(ErrorCode.TokenSignatureInvalid, (await Handler().CheckAsync(tampered, CancellationToken.None)).Error);
    }
}
