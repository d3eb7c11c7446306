using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using OrleansBridge.Rendering.Imaging;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// A minimal PNG decoder for tests: checks the signature and every chunk CRC, inflates the IDAT zlib
/// stream and undoes the five scanline filters. 8-bit RGB, non-interlaced only.
/// </summary>
public static class PngReader
{
    public sealed record Image(int Width, int Height, byte[] Rgb, IReadOnlyList<string> Chunks);

    public static Image Decode(byte[] png)
    {
        if (!png.AsSpan(0, 8).SequenceEqual(PngEncoder.Signature))
        {
            throw new InvalidDataException("Not a PNG signature.");
        }

        var chunks = new List<string>();
        var idat = new MemoryStream();
        int width = 0, height = 0;
        var at = 8;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            if (Crc32.Compute(png.AsSpan(at + 4, length + 4)) != crc)
            {
                throw new InvalidDataException($"CRC mismatch in chunk {type}.");
            }

            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[9] != 2 || data[12] != 0)
                {
                    throw new InvalidDataException("Only 8-bit RGB non-interlaced is supported.");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = 3 * width;
        var raw = new byte[(stride + 1) * height];
        zlib.ReadExactly(raw);
        if (zlib.ReadByte() != -1)
        {
            throw new InvalidDataException("Extra data after the image.");
        }

        var rgb = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                int a = i >= 3 ? rgb[(y * stride) + i - 3] : 0;
                int b = y > 0 ? rgb[((y - 1) * stride) + i] : 0;
                int c = i >= 3 && y > 0 ? rgb[((y - 1) * stride) + i - 3] : 0;
                var predicted = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => PaethReference(a, b, c),
                    _ => throw new InvalidDataException($"Unknown filter {filter}."),
                };
                rgb[(y * stride) + i] = (byte)(raw[(y * (stride + 1)) + 1 + i] + predicted);
            }
        }

        return new Image(width, height, rgb, chunks);
    }

    // Written from the PNG specification, section 9.4, independently of the encoder's.
    private static int PaethReference(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
