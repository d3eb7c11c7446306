namespace OrleansBridge.Rendering.Video;

/// <summary>
/// rgb24 to planar 4:2:0 (I420), BT.601 limited range, the conversion ffmpeg's swscale applies to
/// <c>-pix_fmt rgb24</c> input for <c>-pix_fmt yuv420p</c> output, so a stream looks the same through
/// either encoder (ITU-R BT.601 §2.5.1, 8-bit integer form: Y 16–235, Cb/Cr 16–240). Chroma is the
/// mean of each 2×2 block.
/// </summary>
internal static class I420Converter
{
    /// <summary>Converts <paramref name="rgb"/> (width × height × 3, rows packed) into the three planes at their strides.</summary>
    public static unsafe void FromRgb24(ReadOnlySpan<byte> rgb, int width, int height, byte* y, int yStride, byte* u, int uStride, byte* v, int vStride)
    {
        if (width % 2 != 0 || height % 2 != 0 || rgb.Length < width * height * 3)
        {
            throw new ArgumentException($"Needs an even size and {width * height * 3} bytes of rgb24.", nameof(rgb));
        }

        var rowBytes = width * 3;
        fixed (byte* source = rgb)
        {
            for (var row = 0; row < height; row += 2)
            {
                var top = source + (row * rowBytes);
                var bottom = top + rowBytes;
                var y0 = y + (row * yStride);
                var y1 = y0 + yStride;
                var cb = u + (row / 2 * uStride);
                var cr = v + (row / 2 * vStride);
                for (var x = 0; x < width; x += 2)
                {
                    var p = x * 3;
                    int r00 = top[p], g00 = top[p + 1], b00 = top[p + 2];
                    int r01 = top[p + 3], g01 = top[p + 4], b01 = top[p + 5];
                    int r10 = bottom[p], g10 = bottom[p + 1], b10 = bottom[p + 2];
                    int r11 = bottom[p + 3], g11 = bottom[p + 4], b11 = bottom[p + 5];
                    y0[x] = Luma(r00, g00, b00);
                    y0[x + 1] = Luma(r01, g01, b01);
                    y1[x] = Luma(r10, g10, b10);
                    y1[x + 1] = Luma(r11, g11, b11);

                    // Sums of four: the coefficients take them at 10 fractional bits instead of 8.
                    var r = r00 + r01 + r10 + r11;
                    var g = g00 + g01 + g10 + g11;
                    var b = b00 + b01 + b10 + b11;
                    cb[x / 2] = (byte)((((-38 * r) - (74 * g) + (112 * b) + 512) >> 10) + 128);
                    cr[x / 2] = (byte)((((112 * r) - (94 * g) - (18 * b) + 512) >> 10) + 128);
                }
            }
        }
    }

    private static byte Luma(int r, int g, int b) => (byte)((((66 * r) + (129 * g) + (25 * b) + 128) >> 8) + 16);
}
