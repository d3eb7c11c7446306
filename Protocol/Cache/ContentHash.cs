using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace OrleansBridge.Cache;

/// <summary>
/// The key of a cache entry: the SHA-256 of its content. Its only text form is exactly 64 lowercase
/// hexadecimal characters; <see cref="TryParse(string?, out ContentHash)"/> refuses anything else
/// (uppercase, separators, dots, other lengths), which is what keeps a key from ever naming a path
/// outside the cache. Parse keys from the wire once, at the edge, then pass the struct.
/// </summary>
public readonly struct ContentHash : IEquatable<ContentHash>, IComparable<ContentHash>
{
    /// <summary>Bytes in a SHA-256 digest.</summary>
    public const int Size = 32;

    /// <summary>Characters in the text form.</summary>
    public const int TextLength = 64;

    // Big-endian words, so that comparing them compares the text forms ordinally.
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private ContentHash(ReadOnlySpan<byte> digest)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(digest);
        _b = BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(digest[24..]);
    }

    /// <summary>The hash made of a 32-byte digest.</summary>
    public static ContentHash FromDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Size)
        {
            throw new ArgumentException($"A SHA-256 digest has {Size} bytes, not {digest.Length}.", nameof(digest));
        }

        return new ContentHash(digest);
    }

    /// <summary>The SHA-256 of <paramref name="content"/>.</summary>
    public static ContentHash Compute(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(content, digest);
        return new ContentHash(digest);
    }

    /// <summary>Parses exactly 64 lowercase hex characters; false for anything else, null included.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ContentHash hash)
    {
        hash = default;
        return text is not null && TryParse(text.AsSpan(), out hash);
    }

    /// <summary>Parses exactly 64 lowercase hex characters; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ContentHash hash)
    {
        hash = default;
        if (text.Length != TextLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        Span<byte> digest = stackalloc byte[Size];
        Convert.FromHexString(text, digest, out _, out _);
        hash = new ContentHash(digest);
        return true;
    }

    /// <summary>Parses a key that must be valid (configuration, tests); throws <see cref="FormatException"/> otherwise.</summary>
    public static ContentHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException("A content hash is exactly 64 lowercase hexadecimal characters.");

    /// <summary>Writes the 32 digest bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>The 64 lowercase hex characters.</summary>
    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[Size];
        CopyTo(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <inheritdoc />
    public bool Equals(ContentHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>Orders as the text forms order ordinally.</summary>
    public int CompareTo(ContentHash other)
    {
        var c = _a.CompareTo(other._a);
        c = c != 0 ? c : _b.CompareTo(other._b);
        c = c != 0 ? c : _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(ContentHash left, ContentHash right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(ContentHash left, ContentHash right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(ContentHash left, ContentHash right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(ContentHash left, ContentHash right) => left.CompareTo(right) >= 0;
}
