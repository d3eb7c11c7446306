using System.Buffers.Binary;

namespace OrleansBridge.Scene.Gltf;

/// <summary>
/// Recognises the two image formats of core glTF 2.0 (§3.8.2: image/png and image/jpeg) by their
/// signatures and reads their size from the header: PNG's IHDR (ISO/IEC 15948 §11.2.2) and JPEG's
/// start-of-frame marker (ITU T.81 §B.2.2). Pixels are not decoded here; the renderer does that.
/// </summary>
public static class GltfImages
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format (<c>png</c> or <c>jpeg</c>) and size of an encoded image; false with a reason otherwise.</summary>
    public static bool TryProbe(ReadOnlySpan<byte> image, out string format, out int width, out int height, out string problem)
    {
        format = string.Empty;
        width = height = 0;
        problem = string.Empty;
        if (image.StartsWith(PngSignature))
        {
            format = "png";
            // The IHDR chunk must come first: length 13, type "IHDR", width, height (big-endian).
            if (image.Length < 33 || !image.Slice(12, 4).SequenceEqual("IHDR"u8))
            {
                problem = "a PNG without an IHDR chunk first";
                return false;
            }

            width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(image[16..]), int.MaxValue);
            height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(image[20..]), int.MaxValue);
            return CheckSize(width, height, ref problem);
        }

        if (image.Length >= 3 && image[0] == 0xFF && image[1] == 0xD8 && image[2] == 0xFF)
        {
            format = "jpeg";
            return TryJpegSize(image, out width, out height, ref problem) && CheckSize(width, height, ref problem);
        }

        problem = image.Length >= 4 && image[..4].SequenceEqual("RIFF"u8) ? "a WebP image (EXT_texture_webp is not supported)"
            : image.Length >= 12 && image.Slice(1, 3).SequenceEqual("KTX"u8) ? "a KTX2 image (KHR_texture_basisu is not supported)"
            : "neither PNG nor JPEG";
        return false;
    }

    private static bool TryJpegSize(ReadOnlySpan<byte> image, out int width, out int height, ref string problem)
    {
        width = height = 0;
        var i = 2;
        while (i + 4 <= image.Length)
        {
            if (image[i] != 0xFF)
            {
                problem = $"a JPEG with a broken marker at byte {i}";
                return false;
            }

            var marker = image[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(image[(i + 2)..]);
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): P, Y (height), X (width).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 > image.Length)
                {
                    break;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(image[(i + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(image[(i + 7)..]);
                return true;
            }

            if (marker == 0xDA || length < 2)
            {
                break; // scan data before any frame header
            }

            i += 2 + length;
        }

        problem = "a JPEG without a frame header (SOF)";
        return false;
    }

    private static bool CheckSize(int width, int height, ref string problem)
    {
        if (width is >= 1 and <= 32768 && height is >= 1 and <= 32768)
        {
            return true;
        }

        problem = $"an image of {width}×{height} pixels (1–32768 each are supported)";
        return false;
    }
}
