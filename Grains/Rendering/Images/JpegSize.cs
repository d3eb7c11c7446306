using System.Buffers.Binary;

namespace OrleansBridge.Rendering.Images;

/// <summary>
/// Reads a JPEG's size from its start-of-frame marker (ITU-T T.81 §B.2) without decoding it, so
/// that a decoder can bound its output before it starts.
/// </summary>
internal static class JpegSize
{
    /// <summary>True when <paramref name="jpeg"/> has an SOI marker and a start-of-frame segment before the scan.</summary>
    public static bool TryRead(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        width = height = 0;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return false;
        }

        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return false;
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++; // Fill byte (§B.1.1.2).
                continue;
            }

            if (marker is 0xD8 or (>= 0xD0 and <= 0xD7) or 0x01)
            {
                at += 2; // Markers without a segment.
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): P, Y, X follow the length (§B.2.2).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (at + 9 > jpeg.Length)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 7)..]);
                return width > 0 && height > 0;
            }

            if (marker == 0xDA)
            {
                return false; // A scan before any frame header.
            }

            at += 2 + length;
        }

        return false;
    }
}
