namespace OrleansBridge.Gateway.Viewer;

/// <summary>One file of the browser viewer, held in memory with its content type and validator.</summary>
/// <param name="Path">The URL path it is served at, e.g. <c>/viewer/bridge-client.js</c>.</param>
/// <param name="ContentType">The <c>Content-Type</c> header value.</param>
/// <param name="Content">The bytes.</param>
/// <param name="ETag">A strong validator: the quoted SHA-256 of the bytes (RFC 9110 §8.8.3).</param>
internal sealed record ViewerAsset(string Path, string ContentType, ReadOnlyMemory<byte> Content, string ETag);
