namespace OrleansBridge.Storage.Azure;

/// <summary>One blob of a List Blobs answer.</summary>
/// <param name="Name">The blob's name.</param>
/// <param name="Length">Content-Length.</param>
/// <param name="LastModified">Last-Modified.</param>
/// <param name="LastAccessed">LastAccessTime, present only where the account tracks last access.</param>
internal sealed record BlobItem(string Name, long Length, DateTimeOffset LastModified, DateTimeOffset? LastAccessed);
