using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Tests.Storage;

public sealed class AzureStorageAccountTests
{
    private const string Key = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";

    [Fact]
    public void UseDevelopmentStorage_IsAzuritesWellKnownAccount()
    {
        Assert.True(AzureStorageAccount.TryParse("UseDevelopmentStorage=true", out var account, out var error), error);

        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), account.BlobEndpoint);
        Assert.Equal(Convert.FromBase64String(AzureStorageAccount.DevelopmentAccountKey), account.Key);
    }

    [Fact]
    public void AccountNameAndKey_WithoutEndpoint_UseTheProtocolAndSuffix()
    {
        Assert.True(AzureStorageAccount.TryParse($"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn", out var account, out var error), error);

        Assert.Equal(new Uri("https://acme.blob.core.chinacloudapi.cn"), account.BlobEndpoint);
        Assert.Equal("key-bytes-for-tests"u8.ToArray(), account.Key);
    }

    [Fact]
    public void BlobEndpoint_IsTakenAsGiven_WithoutTrailingSlash_AndKeyNamesIgnoreCase()
    {
        Assert.True(AzureStorageAccount.TryParse($"accountname=acme;ACCOUNTKEY={Key};BlobEndpoint=http://127.0.0.1:4000/acme/;QueueEndpoint=http://x", out var account, out var error), error);

        Assert.Equal("http://127.0.0.1:4000/acme", account.BlobEndpoint.ToString().TrimEnd('/'));
        Assert.Equal("/acme", account.BlobEndpoint.AbsolutePath);
    }

    [Theory]
    [InlineData("AccountName=acme", "AccountKey")]
    [InlineData("AccountName=acme;AccountKey=not base64!", "base64")]
    [InlineData("AccountName=acme;AccountKey=a2V5;BlobEndpoint=ftp://x", "BlobEndpoint")]
    [InlineData("UseDevelopmentStorage=true;AccountName=acme", "cannot be combined")]
    [InlineData("justtext", "Key=Value")]
    public void Invalid_IsRefusedWithAReason(string text, string reason)
    {
        Assert.False(AzureStorageAccount.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Location_NeedsAValidContainer()
    {
        Assert.True(AzureBlobLocation.TryParse("UseDevelopmentStorage=true;container=cache-1", out var location, out var error), error);
        Assert.Equal("cache-1", location.Container);
        Assert.False(AzureBlobLocation.TryParse("UseDevelopmentStorage=true", out _, out error));
        Assert.Contains("container=", error, StringComparison.Ordinal);
        Assert.False(AzureBlobLocation.TryParse("UseDevelopmentStorage=true;container=Bad_Name", out _, out _));
        Assert.False(AzureBlobLocation.TryParse("UseDevelopmentStorage=true;container=a--b", out _, out _));
    }

    [Fact]
    public void Redact_HidesTheKey()
    {
        var redacted = AzureStorageAccount.Redact($"AccountName=acme;AccountKey={Key};container=c");

        Assert.DoesNotContain(Key, redacted, StringComparison.Ordinal);
        Assert.Equal("AccountName=acme;AccountKey=***;container=c", redacted);
    }
}
