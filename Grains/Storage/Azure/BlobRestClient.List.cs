using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace OrleansBridge.Storage.Azure;

/// <summary>List Blobs: pages of committed blobs (uncommitted blocks are never listed unless asked for).</summary>
internal sealed partial class BlobRestClient
{
    /// <summary>One page of List Blobs; <c>NextMarker</c> is null on the last page.</summary>
    public async Task<(BlobResponse Response, IReadOnlyList<BlobItem> Items, string? NextMarker)> ListBlobsAsync(
        string? prefix, string? marker, int maxResults, CancellationToken cancellationToken)
    {
        var query = $"?restype=container&comp=list&maxresults={maxResults.ToString(CultureInfo.InvariantCulture)}";
        query += prefix is null ? string.Empty : $"&prefix={Uri.EscapeDataString(prefix)}";
        query += string.IsNullOrEmpty(marker) ? string.Empty : $"&marker={Uri.EscapeDataString(marker)}";
        var uri = new Uri(ContainerUri + query);
        var outcome = await _retry.SendAsync(() => Build(HttpMethod.Get, uri, null, null), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (outcome.Response is not { } response)
        {
            return (BlobResponse.Unreachable(outcome.Failure ?? "unknown failure", outcome.Attempts), [], null);
        }

        using (response)
        {
            var result = BlobResponse.From(response, outcome.Attempts);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (result, [], null);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var (items, next) = await ParseListingAsync(body, cancellationToken);
            return (result, items, next);
        }
    }

    /// <summary>Reads an EnumerationResults document; DTDs are refused.</summary>
    internal static async Task<(IReadOnlyList<BlobItem> Items, string? NextMarker)> ParseListingAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = XmlReader.Create(body, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken);
        var root = document.Root ?? throw new InvalidDataException("List Blobs answered an empty document.");
        var items = new List<BlobItem>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var properties = blob.Element("Properties");
            var name = (string?)blob.Element("Name");
            if (name is null || properties is null)
            {
                continue;
            }

            items.Add(new BlobItem(
                name,
                (long?)properties.Element("Content-Length") ?? 0,
                ParseDate((string?)properties.Element("Last-Modified")) ?? DateTimeOffset.MinValue,
                ParseDate((string?)properties.Element("LastAccessTime"))));
        }

        var next = (string?)root.Element("NextMarker");
        return (items, string.IsNullOrEmpty(next) ? null : next);
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParseExact(text, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
