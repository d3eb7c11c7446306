using System.Security.Cryptography;
using System.Text;
using OrleansBridge.Cache;

namespace OrleansBridge.Tests.Cache;

public sealed class ContentHashTests
{
    private const string Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // SHA-256("abc"), FIPS 180-2.

    [Fact]
    public void Compute_KnownVector_FormatsAs64LowercaseHex()
    {
        Assert.Equal(Abc, ContentHash.Compute(Encoding.ASCII.GetBytes("abc")).ToString());
    }

    [Fact]
    public void TryParse_ValidText_RoundTripsAndEqualsTheComputedHash()
    {
        Assert.True(ContentHash.TryParse(Abc, out var parsed));
        Assert.Equal(ContentHash.Compute(Encoding.ASCII.GetBytes("abc")), parsed);
        Assert.Equal(Abc, parsed.ToString());
        var digest = new byte[ContentHash.Size];
        parsed.CopyTo(digest);
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes("abc")), digest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")] // 63
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0")] // 65
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")] // uppercase
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015aD")] // one uppercase
    [InlineData("../../../../../../../../../../../../../../../../../../etc/passwd")]
    [InlineData("..\\7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba/816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(" a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("0x7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void TryParse_AnythingButExactly64LowercaseHex_IsRefused(string? text)
    {
        Assert.False(ContentHash.TryParse(text, out var hash));
        Assert.Equal(default, hash);
        Assert.Throws<FormatException>(() => ContentHash.Parse(text ?? string.Empty));
    }

    [Fact]
    public void CompareTo_OrdersAsTheTextFormsOrderOrdinally()
    {
        var hashes = Enumerable.Range(0, 50).Select(i => ContentHash.Compute(BitConverter.GetBytes(i))).ToList();

        var byStruct = hashes.Order().Select(h => h.ToString());
        var byText = hashes.Select(h => h.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(byText, byStruct);
    }

    [Fact]
    public void FromDigest_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => ContentHash.FromDigest(new byte[31]));
    }
}
