using System.Text;
using OrleansBridge.Storage.Azure;

namespace OrleansBridge.Tests.Storage;

public sealed class BlobListingTests
{
    [Fact]
    public async Task ParseListing_ReadsNamesLengthsTimesAndTheNextMarker()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/devstoreaccount1" ContainerName="cache">
              <MaxResults>2</MaxResults>
              <Blobs>
                <Blob><Name>aa</Name><Properties><Last-Modified>Fri, 02 Jan 2026 03:04:05 GMT</Last-Modified><Content-Length>12</Content-Length><LastAccessTime>Sat, 03 Jan 2026 00:00:00 GMT</LastAccessTime></Properties></Blob>
                <Blob><Name>bb</Name><Properties><Last-Modified>Fri, 02 Jan 2026 03:04:06 GMT</Last-Modified><Content-Length>0</Content-Length></Properties></Blob>
              </Blobs>
              <NextMarker>marker-2</NextMarker>
            </EnumerationResults>
            """;

        var (items, next) = await BlobRestClient.ParseListingAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), default);

        Assert.Equal("marker-2", next);
        Assert.Equal(2, items.Count);
        Assert.Equal(new BlobItem("aa", 12, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero)), items[0]);
        Assert.Null(items[1].LastAccessed);
    }

    [Fact]
    public async Task ParseListing_LastPage_HasNoMarker_AndDtdsAreRefused()
    {
        var (items, next) = await BlobRestClient.ParseListingAsync(new MemoryStream("<EnumerationResults><Blobs/><NextMarker/></EnumerationResults>"u8.ToArray()), default);
        Assert.Empty(items);
        Assert.Null(next);

        var dtd = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><EnumerationResults>&e;</EnumerationResults>"u8.ToArray();
        await Assert.ThrowsAsync<System.Xml.XmlException>(() => BlobRestClient.ParseListingAsync(new MemoryStream(dtd), default));
    }
}
