namespace OrleansBridge.Rendering.Images;

/// <summary>Scanline filters (PNG spec, 3rd ed., §7.3 and §9) and placing each pass's pixels.</summary>
public sealed partial class PngDecoder
{
    private static ImageDecodeResult Reconstruct(PngHeader header, Adam7[] passes, byte[] raw, PngPalette colours)
    {
        var rgba = new byte[(long)header.Width * header.Height * 4];
        var offset = 0;
        foreach (var pass in passes)
        {
            var columns = pass.Columns(header.Width);
            var rows = pass.Rows(header.Height);
            if (columns == 0 || rows == 0)
            {
                continue;
            }

            var rowBytes = header.RowBytes(columns);
            var stride = rowBytes + 1;
            for (var j = 0; j < rows; j++)
            {
                var line = raw.AsSpan(offset + (j * stride), stride);
                var previous = j == 0 ? ReadOnlySpan<byte>.Empty : raw.AsSpan(offset + ((j - 1) * stride) + 1, rowBytes);
                if (!Unfilter(line[0], line[1..], previous, header.FilterStride))
                {
                    return ImageDecodeResult.Invalid($"The PNG has filter type {line[0]} on a scanline; only 0–4 exist.");
                }

                var y = pass.YStart + (j * pass.YStep);
                for (var i = 0; i < columns; i++)
                {
                    var x = pass.XStart + (i * pass.XStep);
                    if (!colours.Write(line[1..], i, rgba.AsSpan((int)((((long)y * header.Width) + x) * 4), 4)))
                    {
                        return ImageDecodeResult.Invalid($"The PNG's pixel ({x}, {y}) uses a palette index past its PLTE entries.");
                    }
                }
            }

            offset += rows * stride;
        }

        return ImageDecodeResult.Ok(new DecodedImage(header.Width, header.Height, rgba));
    }

    /// <summary>
    /// Undoes one scanline's filter in place. <paramref name="previous"/> is the unfiltered line above
    /// (empty on a pass's first line, which reads as zeros); <paramref name="bpp"/> the byte distance to
    /// the corresponding byte of the pixel to the left.
    /// </summary>
    internal static bool Unfilter(byte filter, Span<byte> line, ReadOnlySpan<byte> previous, int bpp)
    {
        switch (filter)
        {
            case 0:
                return true;
            case 1:
                for (var i = bpp; i < line.Length; i++)
                {
                    line[i] += line[i - bpp];
                }

                return true;
            case 2:
                for (var i = 0; i < line.Length && !previous.IsEmpty; i++)
                {
                    line[i] += previous[i];
                }

                return true;
            case 3:
                for (var i = 0; i < line.Length; i++)
                {
                    var left = i >= bpp ? line[i - bpp] : 0;
                    var up = previous.IsEmpty ? 0 : previous[i];
                    line[i] += (byte)((left + up) >> 1);
                }

                return true;
            case 4:
                for (var i = 0; i < line.Length; i++)
                {
                    var left = i >= bpp ? line[i - bpp] : 0;
                    var up = previous.IsEmpty ? 0 : previous[i];
                    var upLeft = i >= bpp && !previous.IsEmpty ? previous[i - bpp] : 0;
                    line[i] += Paeth(left, up, upLeft);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The Paeth predictor (§9.4): whichever of left, up, upper-left is closest to left + up − upper-left, ties in that order.</summary>
    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
}
