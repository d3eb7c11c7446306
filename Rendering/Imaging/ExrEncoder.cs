using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering.Imaging;

/// <summary>
/// A small OpenEXR writer ("OpenEXR File Layout", openexr.com): single-part scanline image, channels
/// B, G, R (alphabetical, as the format requires), half or float, uncompressed or ZIP. Linear values are
/// written as they are: EXR is the lossless output of the linear buffer.
/// </summary>
public static class ExrEncoder
{
    private const int Magic = 20000630;
    private const int Version = 2; // single-part scanline, short attribute names

    /// <summary>Writes <paramref name="image"/> as an EXR file.</summary>
    public static void Write(Stream stream, LinearImage image, ExrPixelType pixelType = ExrPixelType.Half, ExrCompression compression = ExrCompression.Zip)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(image);
        using var header = new MemoryStream();
        using (var writer = new BinaryWriter(header, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            WriteChannels(writer, pixelType);
            Attribute(writer, "compression", "compression", 1).Write((byte)compression);
            WriteBox(Attribute(writer, "dataWindow", "box2i", 16), image);
            WriteBox(Attribute(writer, "displayWindow", "box2i", 16), image);
            Attribute(writer, "lineOrder", "lineOrder", 1).Write((byte)0); // INCREASING_Y
            Attribute(writer, "pixelAspectRatio", "float", 4).Write(1f);
            var center = Attribute(writer, "screenWindowCenter", "v2f", 8);
            center.Write(0f);
            center.Write(0f);
            Attribute(writer, "screenWindowWidth", "float", 4).Write(1f);
            writer.Write((byte)0); // end of header
        }

        var linesPerBlock = compression == ExrCompression.Zip ? 16 : 1;
        var blocks = (image.Height + linesPerBlock - 1) / linesPerBlock;
        var blockData = new List<byte[]>(blocks);
        for (var block = 0; block < blocks; block++)
        {
            var y0 = block * linesPerBlock;
            var raw = Pack(image, y0, Math.Min(linesPerBlock, image.Height - y0), pixelType);
            blockData.Add(compression == ExrCompression.Zip ? ZipBlock(raw) : raw);
        }

        stream.Write(header.GetBuffer(), 0, (int)header.Length);
        var offset = header.Length + (8L * blocks);
        Span<byte> word = stackalloc byte[8];
        foreach (var data in blockData)
        {
            BinaryPrimitives.WriteInt64LittleEndian(word, offset);
            stream.Write(word);
            offset += 8 + data.Length;
        }

        for (var block = 0; block < blocks; block++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(word, block * linesPerBlock);
            BinaryPrimitives.WriteInt32LittleEndian(word[4..], blockData[block].Length);
            stream.Write(word);
            stream.Write(blockData[block]);
        }
    }

    /// <summary>The EXR file of <paramref name="image"/> as bytes.</summary>
    public static byte[] Encode(LinearImage image, ExrPixelType pixelType = ExrPixelType.Half, ExrCompression compression = ExrCompression.Zip)
    {
        using var memory = new MemoryStream();
        Write(memory, image, pixelType, compression);
        return memory.ToArray();
    }

    private static BinaryWriter Attribute(BinaryWriter writer, string name, string type, int size)
    {
        writer.Write(Encoding.ASCII.GetBytes(name));
        writer.Write((byte)0);
        writer.Write(Encoding.ASCII.GetBytes(type));
        writer.Write((byte)0);
        writer.Write(size);
        return writer;
    }

    private static void WriteChannels(BinaryWriter writer, ExrPixelType pixelType)
    {
        string[] names = ["B", "G", "R"];
        Attribute(writer, "channels", "chlist", (names.Length * 18) + 1);
        foreach (var name in names)
        {
            writer.Write(Encoding.ASCII.GetBytes(name));
            writer.Write((byte)0);
            writer.Write((int)pixelType);
            writer.Write(0); // pLinear (1 byte) + 3 reserved bytes
            writer.Write(1); // xSampling
            writer.Write(1); // ySampling
        }

        writer.Write((byte)0);
    }

    private static void WriteBox(BinaryWriter writer, LinearImage image)
    {
        writer.Write(0);
        writer.Write(0);
        writer.Write(image.Width - 1);
        writer.Write(image.Height - 1);
    }

    /// <summary>Scanlines y0 .. y0 + lines − 1, each as its B, then G, then R samples, little-endian.</summary>
    private static byte[] Pack(LinearImage image, int y0, int lines, ExrPixelType pixelType)
    {
        var size = pixelType == ExrPixelType.Half ? 2 : 4;
        var data = new byte[lines * 3 * image.Width * size];
        var at = 0;
        for (var y = y0; y < y0 + lines; y++)
        {
            for (var channel = 2; channel >= 0; channel--)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    var value = image.Pixels[(3 * ((y * image.Width) + x)) + channel];
                    if (pixelType == ExrPixelType.Half)
                    {
                        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(at), (Half)value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(at), value);
                    }

                    at += size;
                }
            }
        }

        return data;
    }

    /// <summary>
    /// OpenEXR's ZIP block coding: even-indexed bytes then odd-indexed bytes, each byte replaced by its
    /// difference to the previous one plus 128, then zlib. A block that does not shrink is stored raw,
    /// which readers recognise by its size.
    /// </summary>
    internal static byte[] ZipBlock(byte[] raw)
    {
        var n = raw.Length;
        var split = new byte[n];
        int low = 0, high = (n + 1) / 2;
        for (var i = 0; i < n; i++)
        {
            split[(i & 1) == 0 ? low++ : high++] = raw[i];
        }

        var previous = split[0];
        for (var i = 1; i < n; i++)
        {
            var current = split[i];
            split[i] = (byte)(current - previous + 128);
            previous = current;
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(split);
        }

        return compressed.Length < n ? compressed.ToArray() : raw;
    }
}
