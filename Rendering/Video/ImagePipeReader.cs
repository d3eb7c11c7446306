using System.Buffers.Binary;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// Splits ffmpeg's <c>image2pipe</c> output into whole images. Both formats say where an image ends,
/// so each is handed on the moment its last byte arrives: a WebP file is a RIFF chunk whose header
/// holds its size (RIFF, WebP container spec); a JPEG ends with the EOI marker after its entropy-coded
/// scan, in which a 0xFF data byte is always followed by 0x00 (stuffing) or a restart marker
/// (ITU T.81 §B.1.1.5, §F.1.2.3), so the first other marker after SOS is the end.
/// </summary>
internal sealed class ImagePipeReader
{
    private readonly Stream _stream;
    private readonly VideoFormat _format;
    private byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;

    public ImagePipeReader(Stream stream, VideoFormat format)
    {
        _stream = stream;
        _format = format;
    }

    /// <summary>The next image, or null at the end of the stream.</summary>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var length = _format == VideoFormat.Webp ? RiffLength(available) : JpegLength(available);
            if (length > 0)
            {
                var image = available[..length].ToArray();
                _start += length;
                return image;
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    /// <summary>The length of the RIFF file at the start of <paramref name="data"/> if it is complete, else 0.</summary>
    internal static int RiffLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
        {
            return 0;
        }

        if (!data[..4].SequenceEqual("RIFF"u8))
        {
            throw new InvalidDataException("The encoder's output is not a RIFF (WebP) file.");
        }

        var length = 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        return data.Length >= length ? length : 0;
    }

    /// <summary>The length of the JPEG at the start of <paramref name="data"/> if it is complete, else 0.</summary>
    internal static int JpegLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4)
        {
            return 0;
        }

        if (data[0] != 0xFF || data[1] != 0xD8)
        {
            throw new InvalidDataException("The encoder's output is not a JPEG (no SOI).");
        }

        var i = 2;
        var inScan = false;
        while (i + 1 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                i++;
                continue;
            }

            var marker = data[i + 1];
            if (marker == 0xD9)
            {
                return i + 2;
            }

            if (inScan && (marker == 0x00 || marker is >= 0xD0 and <= 0xD7 || marker == 0xFF))
            {
                i += marker == 0xFF ? 1 : 2; // Stuffed byte, restart marker, or fill byte.
                continue;
            }

            // A marker segment: two-byte big-endian length that counts itself.
            if (i + 3 >= data.Length)
            {
                return 0;
            }

            var segment = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            i += 2 + segment;
            inScan = marker == 0xDA;
        }

        return 0;
    }
}
