using System.Buffers.Binary;
using System.IO.Compression;
using OrleansBridge.Rendering.Imaging;

namespace OrleansBridge.Rendering.Images;

/// <summary>
/// An in-process PNG decoder (PNG spec, 3rd edition): every chunk's CRC is checked, IDAT is inflated
/// with <see cref="ZLibStream"/> into a buffer of exactly the size the header implies, the five
/// scanline filters are undone, and every colour type and bit depth (1–16 bits, palette with tRNS,
/// Adam7 interlace) is converted to 8-bit RGBA. 16-bit samples are rounded to 8 bits. Gamma, colour
/// profiles and other ancillary chunks are ignored, as glTF asks (textures are sRGB or linear by slot).
/// </summary>
public sealed partial class PngDecoder : IImageDecoder
{
    /// <inheritdoc />
    public ValueTask<ImageDecodeResult> DecodeAsync(ReadOnlyMemory<byte> encoded, int width, int height, CancellationToken cancellationToken)
    {
        var result = Decode(encoded.Span, (long)width * height);
        return ValueTask.FromResult(result.Image is { } image && (image.Width != width || image.Height != height)
            ? ImageDecodeResult.Invalid($"The PNG is {image.Width}x{image.Height}; its texture element says {width}x{height}.")
            : result);
    }

    /// <summary>Decodes a whole PNG file; a malformed or unsupported one is an error value naming the problem.</summary>
    public static ImageDecodeResult Decode(ReadOnlySpan<byte> png, long maxPixels)
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(PngEncoder.Signature))
        {
            return ImageDecodeResult.Invalid("Not a PNG file: the 8-byte signature is missing.");
        }

        PngHeader? header = null;
        byte[]? palette = null;
        byte[]? transparency = null;
        using var idat = new MemoryStream();
        var at = 8;
        while (true)
        {
            if (png.Length - at < 12)
            {
                return ImageDecodeResult.Invalid("The PNG ends before its IEND chunk.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > (uint)(png.Length - at - 12))
            {
                return ImageDecodeResult.Invalid($"A PNG chunk at byte {at} claims {length} bytes, more than the file holds.");
            }

            var typeAndData = png.Slice(at + 4, 4 + (int)length);
            var type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            if (Crc32.Compute(typeAndData) != BinaryPrimitives.ReadUInt32BigEndian(png[(at + 8 + (int)length)..]))
            {
                return ImageDecodeResult.Invalid($"The PNG chunk {type} at byte {at} fails its CRC: the file is corrupt.");
            }

            at += 12 + (int)length;
            if (header is null && type != "IHDR")
            {
                return ImageDecodeResult.Invalid("The PNG does not start with IHDR.");
            }

            switch (type)
            {
                case "IHDR":
                    if (ReadHeader(data, maxPixels, out var parsed) is { } problem)
                    {
                        return ImageDecodeResult.Invalid(problem);
                    }

                    header = parsed;
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    transparency = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    return Finish(header!.Value, palette, transparency, idat);
                default:
                    // Bit 5 of the first byte clear marks a critical chunk (§5.4): one not known cannot be skipped.
                    if ((type[0] & 0x20) == 0)
                    {
                        return ImageDecodeResult.Invalid($"The PNG has a critical chunk {type} this decoder does not know.");
                    }

                    break;
            }
        }
    }

    private static string? ReadHeader(ReadOnlySpan<byte> data, long maxPixels, out PngHeader header)
    {
        header = default;
        if (data.Length != 13)
        {
            return "The PNG's IHDR chunk is not 13 bytes long.";
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            return $"The PNG is {width}x{height}: both sizes must be positive.";
        }

        if ((long)width * height > maxPixels)
        {
            return $"The PNG is {width}x{height}, more than the {maxPixels} pixels a texture may have.";
        }

        header = new PngHeader((int)width, (int)height, data[8], data[9], data[12] == 1);
        if (!header.IsValidCombination)
        {
            return $"The PNG has colour type {data[9]} with bit depth {data[8]}, which the PNG specification does not allow.";
        }

        return data[10] != 0 || data[11] != 0 || data[12] > 1
            ? $"The PNG uses compression method {data[10]}, filter method {data[11]} or interlace method {data[12]}, which are not defined."
            : null;
    }

    private static ImageDecodeResult Finish(PngHeader header, byte[]? palette, byte[]? transparency, MemoryStream idat)
    {
        if (header.ColorType == 3 && (palette is null || palette.Length % 3 != 0 || palette.Length == 0))
        {
            return ImageDecodeResult.Invalid("The indexed-colour PNG has no valid PLTE chunk.");
        }

        var passes = header.Interlaced ? Adam7.Passes : Adam7.Whole;
        long expected = 0;
        foreach (var pass in passes)
        {
            var columns = pass.Columns(header.Width);
            var rows = pass.Rows(header.Height);
            expected += columns == 0 ? 0 : (long)rows * (1 + header.RowBytes(columns));
        }

        if (expected > Array.MaxLength)
        {
            return ImageDecodeResult.Invalid($"The PNG's {header.Width}x{header.Height} pixels do not fit in memory.");
        }

        var raw = new byte[expected];
        idat.Position = 0;
        try
        {
            using var inflater = new ZLibStream(idat, CompressionMode.Decompress, leaveOpen: true);
            var filled = 0;
            int read;
            while (filled < raw.Length && (read = inflater.Read(raw, filled, raw.Length - filled)) > 0)
            {
                filled += read;
            }

            if (filled < raw.Length)
            {
                return ImageDecodeResult.Invalid($"The PNG's image data inflates to {filled} bytes; its header needs {raw.Length}.");
            }
        }
        catch (InvalidDataException ex)
        {
            return ImageDecodeResult.Invalid($"The PNG's image data is not a valid zlib stream: {ex.Message}");
        }

        return Reconstruct(header, passes, raw, new PngPalette(header, palette, transparency));
    }
}
