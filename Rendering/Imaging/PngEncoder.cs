using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OrleansBridge.Rendering.Imaging;

/// <summary>
/// A small PNG writer (ISO/IEC 15948 / W3C PNG 2nd edition): 8-bit RGB, non-interlaced, an sRGB chunk,
/// one adaptive filter per scanline (the minimum-sum-of-absolute-differences heuristic of PNG's
/// section 12.8), and the zlib stream of <see cref="ZLibStream"/> split into IDAT chunks.
/// </summary>
public static class PngEncoder
{
    /// <summary>The eight signature bytes every PNG starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const int MaxIdatChunk = 1 << 20;

    /// <summary>Writes <paramref name="rgb"/> (3 bytes per pixel, top row first) as a PNG.</summary>
    public static void WriteRgb8(Stream stream, ReadOnlySpan<byte> rgb, int width, int height, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var stride = width * 3;
        if (rgb.Length != (long)stride * height)
        {
            throw new ArgumentException($"{width}x{height} RGB needs {(long)stride * height} bytes, got {rgb.Length}.", nameof(rgb));
        }

        stream.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(stream, "IHDR", header);
        WriteChunk(stream, "sRGB", [0]); // rendering intent: perceptual

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            var previous = new byte[stride];
            var line = new byte[1 + stride];
            var candidate = new byte[1 + stride];
            for (var y = 0; y < height; y++)
            {
                var row = rgb.Slice(y * stride, stride);
                FilterRow(row, previous, line, candidate);
                zlib.Write(line);
                row.CopyTo(previous);
            }
        }

        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        for (var offset = 0; offset < data.Length; offset += MaxIdatChunk)
        {
            WriteChunk(stream, "IDAT", data.Slice(offset, Math.Min(MaxIdatChunk, data.Length - offset)));
        }

        WriteChunk(stream, "IEND", []);
    }

    /// <summary>The PNG file of <paramref name="rgb"/> as bytes.</summary>
    public static byte[] EncodeRgb8(ReadOnlySpan<byte> rgb, int width, int height, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var memory = new MemoryStream();
        WriteRgb8(memory, rgb, width, height, level);
        return memory.ToArray();
    }

    /// <summary>Chooses the filter with the smallest sum of |signed residuals| and writes it into <paramref name="best"/>.</summary>
    private static void FilterRow(ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<byte> best, Span<byte> scratch)
    {
        var bestScore = long.MaxValue;
        for (byte filter = 0; filter <= 4; filter++)
        {
            scratch[0] = filter;
            long score = 0;
            for (var i = 0; i < row.Length; i++)
            {
                int a = i >= 3 ? row[i - 3] : 0, b = above[i], c = i >= 3 ? above[i - 3] : 0;
                var predicted = filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => Paeth(a, b, c),
                    _ => 0,
                };
                var residual = (byte)(row[i] - predicted);
                scratch[i + 1] = residual;
                score += Math.Abs((int)(sbyte)residual);
            }

            if (score < bestScore)
            {
                bestScore = score;
                scratch.CopyTo(best);
            }
        }
    }

    /// <summary>The Paeth predictor (PNG section 9.4).</summary>
    internal static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(prefix, data.Length);
        Encoding.ASCII.GetBytes(type, prefix[4..]);
        stream.Write(prefix);
        stream.Write(data);
        var crc = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, prefix[4..]), data));
        Span<byte> suffix = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(suffix, crc);
        stream.Write(suffix);
    }
}
