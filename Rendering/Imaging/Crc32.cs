namespace OrleansBridge.Rendering.Imaging;

/// <summary>
/// CRC-32 as PNG (ISO/IEC 15948, annex D) and zlib's crc32 compute it: reflected polynomial 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF. Table-driven, one byte at a time. (System.IO.Hashing is not
/// available to this build.)
/// </summary>
public static class Crc32
{
    /// <summary>The running value before any data.</summary>
    public const uint Start = 0xFFFFFFFFu;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Start, data));

    /// <summary>Continues a running CRC over <paramref name="data"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>The final CRC of a running value.</summary>
    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
