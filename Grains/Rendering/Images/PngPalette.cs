using System.Buffers.Binary;

namespace OrleansBridge.Rendering.Images;

/// <summary>
/// Converts one pixel of an unfiltered PNG scanline to 8-bit RGBA: sub-byte samples are unpacked
/// most significant bits first and scaled to 0–255 (§7.2, §13.12), 16-bit samples rounded to 8 bits,
/// palette entries looked up with their tRNS alpha, and a tRNS key colour made transparent.
/// </summary>
internal sealed class PngPalette
{
    private readonly PngHeader _header;
    private readonly byte[] _paletteRgba;
    private readonly int _paletteEntries;
    private readonly int[]? _key;

    public PngPalette(PngHeader header, byte[]? palette, byte[]? transparency)
    {
        _header = header;
        _paletteRgba = new byte[256 * 4];
        if (palette is not null)
        {
            _paletteEntries = Math.Min(256, palette.Length / 3);
            for (var i = 0; i < _paletteEntries; i++)
            {
                _paletteRgba[(i * 4) + 0] = palette[i * 3];
                _paletteRgba[(i * 4) + 1] = palette[(i * 3) + 1];
                _paletteRgba[(i * 4) + 2] = palette[(i * 3) + 2];
                _paletteRgba[(i * 4) + 3] = header.ColorType == 3 && transparency is not null && i < transparency.Length ? transparency[i] : (byte)255;
            }
        }

        // tRNS for greyscale and truecolour holds one key colour as 16-bit samples at the image's depth (§11.3.2.1).
        if (transparency is not null && ((header.ColorType == 0 && transparency.Length >= 2) || (header.ColorType == 2 && transparency.Length >= 6)))
        {
            _key = new int[header.ColorType == 0 ? 1 : 3];
            for (var c = 0; c < _key.Length; c++)
            {
                _key[c] = BinaryPrimitives.ReadUInt16BigEndian(transparency.AsSpan(c * 2));
            }
        }
    }

    /// <summary>Writes pixel <paramref name="index"/> of <paramref name="line"/> into <paramref name="rgba"/>; false for a palette index out of range.</summary>
    public bool Write(ReadOnlySpan<byte> line, int index, Span<byte> rgba)
    {
        var channels = _header.Channels;
        Span<int> samples = stackalloc int[4];
        for (var c = 0; c < channels; c++)
        {
            samples[c] = Sample(line, (index * channels) + c);
        }

        switch (_header.ColorType)
        {
            case 3:
                if (samples[0] >= _paletteEntries)
                {
                    return false;
                }

                _paletteRgba.AsSpan(samples[0] * 4, 4).CopyTo(rgba);
                return true;
            case 0:
                rgba[0] = rgba[1] = rgba[2] = To8(samples[0]);
                rgba[3] = _key is not null && _key[0] == samples[0] ? (byte)0 : (byte)255;
                return true;
            case 4:
                rgba[0] = rgba[1] = rgba[2] = To8(samples[0]);
                rgba[3] = To8(samples[1]);
                return true;
            case 2:
                rgba[0] = To8(samples[0]);
                rgba[1] = To8(samples[1]);
                rgba[2] = To8(samples[2]);
                rgba[3] = _key is not null && _key[0] == samples[0] && _key[1] == samples[1] && _key[2] == samples[2] ? (byte)0 : (byte)255;
                return true;
            default:
                rgba[0] = To8(samples[0]);
                rgba[1] = To8(samples[1]);
                rgba[2] = To8(samples[2]);
                rgba[3] = To8(samples[3]);
                return true;
        }
    }

    /// <summary>Sample <paramref name="n"/> of the line at the image's bit depth.</summary>
    private int Sample(ReadOnlySpan<byte> line, int n)
    {
        var depth = _header.BitDepth;
        switch (depth)
        {
            case 8:
                return line[n];
            case 16:
                return (line[n * 2] << 8) | line[(n * 2) + 1];
            default:
                var bit = n * depth;
                var shift = 8 - depth - (bit & 7);
                return (line[bit >> 3] >> shift) & ((1 << depth) - 1);
        }
    }

    /// <summary>A sample scaled to 8 bits: exact replication for 1–4 bits, rounding for 16 (§13.12).</summary>
    private byte To8(int sample) => _header.BitDepth switch
    {
        8 => (byte)sample,
        16 => (byte)(((sample * 255) + 32767) / 65535),
        var depth => (byte)(sample * 255 / ((1 << depth) - 1)),
    };
}
