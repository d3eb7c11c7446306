using System.Security.Cryptography;
using OrleansBridge.Cache;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// Reads a put's content while hashing it and counting it against the entry size limit, so that every
/// backend verifies exactly the bytes it stores.
/// </summary>
internal sealed class HashingReader : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Stream _source;
    private readonly long _maxBytes;

    public HashingReader(Stream source, long maxBytes)
    {
        _source = source;
        _maxBytes = maxBytes;
    }

    /// <summary>Bytes read so far.</summary>
    public long Total { get; private set; }

    /// <summary>True once more than the limit was read; stop and refuse the entry.</summary>
    public bool TooLarge => Total > _maxBytes;

    /// <summary>Fills <paramref name="buffer"/> as far as the content goes; fewer bytes only at its end.</summary>
    public async ValueTask<int> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await _source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        Total += read;
        _hash.AppendData(buffer.Span[..read]);
        return read;
    }

    /// <summary>The SHA-256 of everything read.</summary>
    public ContentHash Finish()
    {
        Span<byte> digest = stackalloc byte[ContentHash.Size];
        _hash.GetHashAndReset(digest);
        return ContentHash.FromDigest(digest);
    }

    public void Dispose() => _hash.Dispose();
}
