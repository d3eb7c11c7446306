using OrleansBridge.Protocol;

namespace OrleansBridge.Tests.Protocol;

/// <summary>Version negotiation (docs/protocol.md §4.1): the highest supported version not above the client's.</summary>
public sealed class ProtocolVersionsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(int.MaxValue, 1)]
    public void TryNegotiate_ClientAtOrAboveASupportedVersion_ChoosesHighestNotAboveIt(int client, int expected)
    {
        Assert.True(ProtocolVersions.TryNegotiate(client, out var chosen), $"client version {client} should be accepted");
        Assert.True(chosen == expected, $"client version {client}: expected {expected}, chose {chosen}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void TryNegotiate_ClientOlderThanEverySupportedVersion_False(int client)
    {
        Assert.False(ProtocolVersions.TryNegotiate(client, out var chosen), $"client version {client} must be refused");
        Assert.Equal(0, chosen);
    }

    [Fact]
    public void Supported_Always_AscendingAndEndsWithCurrent()
    {
        Assert.NotEmpty(ProtocolVersions.Supported);
        Assert.Equal(ProtocolVersions.Supported.Order(), ProtocolVersions.Supported);
        Assert.Equal(ProtocolVersions.Current, ProtocolVersions.Supported[^1]);
    }
}
