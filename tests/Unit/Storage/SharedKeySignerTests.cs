using System.Security.Cryptography;
using System.Text;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Tests.Storage;

public sealed class SharedKeySignerTests
{
    [Fact]
    public void Sign_PutBlockWithConditions_SignsTheCanonicalStringOfTheSpec()
    {
        Assert.True(AzureStorageAccount.TryParse("UseDevelopmentStorage=true", out var account, out _));
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/cache/ab%20c?comp=block&blockid=AAA%3D")
        {
            Content = new ByteArrayContent([1, 2, 3]),
        };
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");

        SharedKeySigner.Sign(request, account, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var expected = string.Join('\n', "PUT", "", "", "3", "", "", "", "", "", "*", "", "", "")
            + "x-ms-blob-type:BlockBlob\n"
            + "x-ms-date:Fri, 02 Jan 2026 03:04:05 GMT\n"
            + $"x-ms-version:{SharedKeySigner.ApiVersion}\n"
            + "/devstoreaccount1/devstoreaccount1/cache/ab%20c\nblockid:AAA=\ncomp:block";
        Assert.Equal(expected, SharedKeySigner.StringToSign(request, account.AccountName));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(account.Key, Encoding.UTF8.GetBytes(expected)));
        Assert.Equal($"SharedKey devstoreaccount1:{signature}", request.Headers.Authorization?.ToString());
    }

    [Fact]
    public void StringToSign_EmptyBody_LeavesContentLengthEmpty()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://h/acct/c?restype=container") { Content = new ByteArrayContent([]) };

        var lines = SharedKeySigner.StringToSign(request, "acct").Split('\n');

        Assert.Equal("PUT", lines[0]);
        Assert.Equal(string.Empty, lines[3]);
        Assert.Equal("/acct/acct/c", lines[^2]);
        Assert.Equal("restype:container", lines[^1]);
    }
}
