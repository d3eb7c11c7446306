using OrleansBridge.Storage;

namespace OrleansBridge.Tests.Storage;

/// <summary>Grain keys as file and blob names: escaped one way, read back by listing the other.</summary>
public sealed class GrainStorageKeysTests
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("a3f@bridge")]
    [InlineData("Tenant/Studio A@bridge")]
    [InlineData(".hidden")]
    [InlineData("ünïcode-名前")]
    public void TryUnescape_OfAnEscapedKey_GivesTheKeyBack(string key)
    {
        var name = GrainStorageKeys.Escape(key);

        Assert.True(GrainStorageKeys.TryUnescape(name, out var back));
        Assert.Equal(key, back);
        Assert.DoesNotContain('/', name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("~")]
    [InlineData("~4")]
    [InlineData("~zz")]
    [InlineData("UPPER")] // Escape never leaves an upper-case letter as it is
    [InlineData("~61")] // "a" escaped where Escape keeps it plain: not a name Escape makes
    public void TryUnescape_OfANameEscapeCannotMake_IsRefused(string name) =>
        Assert.False(GrainStorageKeys.TryUnescape(name, out _));
}
