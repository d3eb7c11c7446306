using System.Buffers.Binary;
using OrleansBridge.Rendering.Imaging;

namespace OrleansBridge.Tests.Rendering.Adapter;

/// <summary>
/// PNG files built byte by byte to attack a decoder: a header claiming more pixels than any texture
/// may have, and an image data stream that inflates to far more bytes than its header needs
/// (a decompression bomb: a few MiB of deflate that expand to hundreds of MiB of zeros).
/// </summary>
public static class HostilePng
{
    /// <summary>A PNG whose IHDR says <paramref name="width"/> × <paramref name="height"/> RGBA and whose IDAT inflates to <paramref name="inflatedBytes"/> zeros.</summary>
    public static byte[] Make(int width, int height, long inflatedBytes)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: RGBA
        using var png = new MemoryStream();
        png.Write(PngEncoder.Signature);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", ZerosZlib(inflatedBytes));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeAndData));
        png.Write(word);
    }

    /// <summary>
    /// A zlib stream (RFC 1950) of <paramref name="count"/> zero bytes: one fixed-Huffman deflate block
    /// (RFC 1951 §3.2.6) holding a literal 0 and then matches of length 258 at distance 1, 13 bits each,
    /// so 256 MiB of output take about 1.7 MB. The Adler-32 trailer is left zero: a decoder that reads
    /// that far has already inflated everything.
    /// </summary>
    private static byte[] ZerosZlib(long count)
    {
        var bits = new BitWriter();
        bits.Write(1, 1); // BFINAL
        bits.Write(1, 2); // BTYPE 01: fixed Huffman
        bits.Code(0b00110000, 8); // literal 0 (0–143: 0x30 + value, 8 bits)
        for (var left = count - 1; left >= 3; left -= 258)
        {
            var length = (int)Math.Min(258, left);
            if (length == 258)
            {
                bits.Code(0b11000101, 8); // length code 285 = 258 (280–287: 0xC0 + code − 280)
            }
            else
            {
                // A shorter tail: literals keep the encoder simple (at most 257 of them, once).
                for (var i = 0; i < length; i++)
                {
                    bits.Code(0b00110000, 8);
                }

                break;
            }

            bits.Code(0, 5); // distance code 0 = distance 1
        }

        bits.Code(0, 7); // end of block (256: 7 zero bits)
        return [0x78, 0x01, .. bits.ToArray(), 0, 0, 0, 0];
    }

    private sealed class BitWriter
    {
        private readonly MemoryStream _bytes = new();
        private int _current;
        private int _used;

        /// <summary>A value, least significant bit first (deflate's header fields).</summary>
        public void Write(int value, int count)
        {
            for (var i = 0; i < count; i++)
            {
                Bit((value >> i) & 1);
            }
        }

        /// <summary>A Huffman code, most significant bit first (RFC 1951 §3.1.1).</summary>
        public void Code(int code, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                Bit((code >> i) & 1);
            }
        }

        public byte[] ToArray()
        {
            if (_used > 0)
            {
                _bytes.WriteByte((byte)_current);
                _current = _used = 0;
            }

            return _bytes.ToArray();
        }

        private void Bit(int bit)
        {
            _current |= bit << _used;
            if (++_used == 8)
            {
                _bytes.WriteByte((byte)_current);
                _current = _used = 0;
            }
        }
    }
}
