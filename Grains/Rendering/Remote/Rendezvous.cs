using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OrleansBridge.Rendering.Remote;

/// <summary>
/// Rendezvous (highest-random-weight) hashing, Thaler and Ravishankar 1998: each silo scores
/// <c>SHA-256(key ‖ 0 ‖ silo)</c> (first 8 bytes, big-endian) and the silos are tried from the highest
/// score down. Every session silo computes the same order from the same list with no coordination;
/// removing a silo moves only the keys whose first choice it was (they go to their second choice),
/// and adding one takes over about 1/n of the keys.
/// </summary>
public static class Rendezvous
{
    /// <summary>The silos ordered by score for <paramref name="key"/>, highest first (ties by ordinal name).</summary>
    public static IReadOnlyList<string> Order(string key, IReadOnlyList<string> silos)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(silos);
        var scored = new (ulong Score, string Silo)[silos.Count];
        for (var i = 0; i < silos.Count; i++)
        {
            scored[i] = (Score(key, silos[i]), silos[i]);
        }

        Array.Sort(scored, static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Silo, b.Silo));
        return Array.ConvertAll(scored, s => s.Silo);
    }

    /// <summary>The weight of <paramref name="silo"/> for <paramref name="key"/>.</summary>
    public static ulong Score(string key, string silo)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(silo);

        // A zero byte separates the two so ("ab", "c") and ("a", "bc") score differently.
        var bytes = new byte[Encoding.UTF8.GetByteCount(key) + 1 + Encoding.UTF8.GetByteCount(silo)];
        var n = Encoding.UTF8.GetBytes(key, bytes);
        bytes[n] = 0;
        Encoding.UTF8.GetBytes(silo, bytes.AsSpan(n + 1));
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
