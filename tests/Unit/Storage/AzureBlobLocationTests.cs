using Azure.Storage.Blobs;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Tests.Storage;

/// <summary>The <c>azure:</c> spec body: parsed once, the connection string checked by the SDK's own parser.</summary>
public sealed class AzureBlobLocationTests
{
    private const string Key = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";

    [Fact]
    public void UseDevelopmentStorage_IsAzuritesWellKnownAccount()
    {
        Assert.True(AzureBlobLocation.TryParse("UseDevelopmentStorage=true;container=cache", out var location, out var error), error);

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), location.BlobEndpoint);
        Assert.Equal("devstoreaccount1", new BlobServiceClient(location.ConnectionString).AccountName);
    }

    [Fact]
    public void UseDevelopmentStorage_WithABlobEndpoint_KeepsTheEndpoint()
    {
        Assert.True(AzureBlobLocation.TryParse("UseDevelopmentStorage=true;BlobEndpoint=http://127.0.0.1:4000/devstoreaccount1;container=grains", out var location, out var error), error);

        Assert.Equal(new Uri("http://127.0.0.1:4000/devstoreaccount1"), location.BlobEndpoint);
        Assert.Equal("grains", location.Container);
    }

    [Fact]
    public void AccountNameAndKey_WithoutEndpoint_UseTheProtocolAndSuffix()
    {
        Assert.True(AzureBlobLocation.TryParse($"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn;container=c1c", out var location, out var error), error);

        Assert.Equal(new Uri("https://acme.blob.core.chinacloudapi.cn"), location.BlobEndpoint);
    }

    [Fact]
    public void BlobEndpoint_IsTakenAsGiven_AndKeyNamesIgnoreCase()
    {
        Assert.True(AzureBlobLocation.TryParse($"accountname=acme;ACCOUNTKEY={Key};BlobEndpoint=http://127.0.0.1:4000/acme/;QueueEndpoint=http://x;container=c1c", out var location, out var error), error);

        Assert.Equal("/acme", location.BlobEndpoint.AbsolutePath.TrimEnd('/'));
        Assert.Equal("container 'c1c' at http://127.0.0.1:4000/acme", location.ToString());
        Assert.DoesNotContain(Key, location.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccountName=acme;container=c1c", "AccountKey")]
    [InlineData("AccountName=acme;AccountKey=not base64!;container=c1c", "AccountKey")]
    [InlineData("AccountName=acme;AccountKey=a2V5;BlobEndpoint=ftp://x;container=c1c", "BlobEndpoint")]
    [InlineData("UseDevelopmentStorage=true;AccountName=acme;container=c1c", "cannot be combined")]
    [InlineData("justtext;container=c1c", "Key=Value")]
    [InlineData("UseDevelopmentStorage=true", "container=")]
    [InlineData("UseDevelopmentStorage=true;container=Bad_Name", "not a container name")]
    [InlineData("UseDevelopmentStorage=true;container=a--b", "not a container name")]
    public void Invalid_IsRefusedWithAReason(string text, string reason)
    {
        Assert.False(AzureBlobLocation.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_HidesTheKey()
    {
        var redacted = AzureBlobLocation.Redact($"AccountName=acme;AccountKey={Key};container=c");

        Assert.DoesNotContain(Key, redacted, StringComparison.Ordinal);
        Assert.Equal("AccountName=acme;AccountKey=***;container=c", redacted);
    }
}
