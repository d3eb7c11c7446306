using System.Buffers.Binary;
using System.Text;

namespace OrleansBridge.Storage.Azure;

/// <summary>Put Block and Put Block List: large blobs in blocks, visible only once the list is committed.</summary>
internal sealed partial class BlobRestClient
{
    /// <summary>
    /// A block id: the upload's 16-byte nonce and the block's index, base64. Every id of a blob must have
    /// the same length, and the nonce keeps concurrent uploads of one blob name from replacing each
    /// other's uncommitted blocks.
    /// </summary>
    public static string BlockId(Guid upload, int index)
    {
        Span<byte> bytes = stackalloc byte[20];
        upload.TryWriteBytes(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes[16..], index);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Put Block: stages one uncommitted block; nobody sees it until Put Block List names it.</summary>
    public Task<BlobResponse> PutBlockAsync(string name, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, BlobUri(name, $"?comp=block&blockid={Uri.EscapeDataString(blockId)}"), content, null, cancellationToken);

    /// <summary>Put Block List: commits the named uncommitted blocks, in order, as the blob's content.</summary>
    public Task<BlobResponse> PutBlockListAsync(string name, IReadOnlyList<string> blockIds, BlobConditions conditions, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Uncommitted>").Append(id).Append("</Uncommitted>"); // Base64 needs no XML escaping.
        }

        xml.Append("</BlockList>");
        return SendAsync(HttpMethod.Put, BlobUri(name, "?comp=blocklist"), Encoding.UTF8.GetBytes(xml.ToString()), conditions.Apply, cancellationToken);
    }
}
