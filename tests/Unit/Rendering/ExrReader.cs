using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OrleansBridge.Tests.Rendering;

/// <summary>
/// A minimal OpenEXR reader for tests, written from the file-layout document: header attributes, the
/// offset table, scanline blocks, NO_COMPRESSION and ZIP (inflate, undo predictor, re-interleave).
/// </summary>
public static class ExrReader
{
    public sealed record Channel(string Name, int PixelType);

    public sealed record Image(
        int Version,
        IReadOnlyDictionary<string, (string Type, byte[] Value)> Attributes,
        IReadOnlyList<Channel> Channels,
        int Compression,
        int Width,
        int Height,
        float[] Rgb);

    public static Image Decode(byte[] file)
    {
        if (BinaryPrimitives.ReadInt32LittleEndian(file) != 20000630)
        {
            throw new InvalidDataException("Not an EXR magic number.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4));
        var at = 8;
        var attributes = new Dictionary<string, (string, byte[])>();
        while (file[at] != 0)
        {
            var name = ReadString(file, ref at);
            var type = ReadString(file, ref at);
            var size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at));
            attributes[name] = (type, file.AsSpan(at + 4, size).ToArray());
            at += 4 + size;
        }

        at++;
        var channels = new List<Channel>();
        var list = attributes["channels"].Item2;
        var c = 0;
        while (list[c] != 0)
        {
            var name = ReadString(list, ref c);
            channels.Add(new Channel(name, BinaryPrimitives.ReadInt32LittleEndian(list.AsSpan(c))));
            c += 16;
        }

        var compression = attributes["compression"].Item2[0];
        var window = attributes["dataWindow"].Item2;
        var width = BinaryPrimitives.ReadInt32LittleEndian(window.AsSpan(8)) - BinaryPrimitives.ReadInt32LittleEndian(window) + 1;
        var height = BinaryPrimitives.ReadInt32LittleEndian(window.AsSpan(12)) - BinaryPrimitives.ReadInt32LittleEndian(window.AsSpan(4)) + 1;
        var lines = compression switch { 0 => 1, 3 => 16, _ => throw new InvalidDataException($"Compression {compression} not supported.") };
        var blocks = (height + lines - 1) / lines;
        var rgb = new float[width * height * 3];
        for (var block = 0; block < blocks; block++)
        {
            var offset = (int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(at + (8 * block)));
            var y0 = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset));
            var size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset + 4));
            var blockLines = Math.Min(lines, height - y0);
            var expected = blockLines * channels.Sum(ch => ch.PixelType == 1 ? 2 : 4) * width;
            var data = file.AsSpan(offset + 8, size).ToArray();
            if (compression == 3 && size < expected)
            {
                data = Unzip(data, expected);
            }

            var p = 0;
            for (var y = y0; y < y0 + blockLines; y++)
            {
                foreach (var channel in channels)
                {
                    var target = channel.Name switch { "R" => 0, "G" => 1, "B" => 2, _ => -1 };
                    for (var x = 0; x < width; x++)
                    {
                        var value = channel.PixelType == 1 ? (float)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(p)) : BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(p));
                        p += channel.PixelType == 1 ? 2 : 4;
                        if (target >= 0)
                        {
                            rgb[(3 * ((y * width) + x)) + target] = value;
                        }
                    }
                }
            }
        }

        return new Image(version, attributes, channels, compression, width, height, rgb);
    }

    private static byte[] Unzip(byte[] data, int expected)
    {
        using var zlib = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        var predicted = new byte[expected];
        zlib.ReadExactly(predicted);
        for (var i = 1; i < expected; i++)
        {
            predicted[i] = (byte)(predicted[i - 1] + predicted[i] - 128);
        }

        var raw = new byte[expected];
        var half = (expected + 1) / 2;
        for (var i = 0; i < expected; i++)
        {
            raw[i] = (i & 1) == 0 ? predicted[i / 2] : predicted[half + (i / 2)];
        }

        return raw;
    }

    private static string ReadString(byte[] data, ref int at)
    {
        var end = Array.IndexOf(data, (byte)0, at);
        var text = Encoding.ASCII.GetString(data, at, end - at);
        at = end + 1;
        return text;
    }
}
