using System.Buffers.Binary;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// Reads H.264 access units out of ffmpeg's FLV output and rewrites each as Annex-B.
/// <para>
/// Why FLV and not ffmpeg's raw <c>-f h264</c>: a raw Annex-B byte stream has no frame boundaries,
/// so a reader only knows an access unit is complete when the next one starts (its AUD, or a slice
/// with <c>first_mb_in_slice</c> 0), which costs one frame of latency, or must guess from pipe reads.
/// FLV (Adobe FLV spec v10.1, annex E) frames every packet with its size, and ffmpeg writes each
/// packet whole and, with <c>-flush_packets 1</c>, at once; so each frame is known complete the moment
/// its tag has arrived. The AVC sequence header (an AVCDecoderConfigurationRecord, ISO/IEC 14496-15
/// §5.2.4.1) carries SPS and PPS, which are put in front of every keyframe so that a client can start
/// decoding at any IDR; NAL units are length-prefixed (AVCC) and become start-code-prefixed here.
/// Every access unit starts with an access unit delimiter (H.264 §7.3.2.4), so concatenated
/// messages form a valid elementary stream.
/// </para>
/// </summary>
internal sealed class FlvAccessUnitReader
{
    /// <summary>Largest tag accepted: far above any frame at the sizes streamed; guards a corrupt stream.</summary>
    private const int MaxTagBytes = 64 << 20;

    private static readonly byte[] StartCode = [0, 0, 0, 1];
    private static readonly byte[] AccessUnitDelimiter = [0, 0, 0, 1, 0x09, 0xF0];

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[15];
    private byte[] _tag = new byte[64 * 1024];
    private byte[] _parameterSets = [];
    private int _lengthSize = 4;
    private bool _started;

    public FlvAccessUnitReader(Stream stream) => _stream = stream;

    /// <summary>The next access unit, or null at the end of the stream.</summary>
    public async ValueTask<(byte[] Data, bool Keyframe)?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            // FLV header (9 bytes) + PreviousTagSize0 (4 bytes).
            if (!await FillAsync(_header.AsMemory(0, 13), cancellationToken))
            {
                return null;
            }

            if (_header[0] != (byte)'F' || _header[1] != (byte)'L' || _header[2] != (byte)'V')
            {
                throw new InvalidDataException("The encoder's output is not FLV.");
            }

            _started = true;
        }

        while (true)
        {
            // Tag header (11 bytes); the 4-byte PreviousTagSize follows the data.
            if (!await FillAsync(_header.AsMemory(0, 11), cancellationToken))
            {
                return null;
            }

            var type = _header[0];
            var size = (_header[1] << 16) | (_header[2] << 8) | _header[3];
            if (size > MaxTagBytes)
            {
                throw new InvalidDataException($"An FLV tag of {size} bytes is beyond the {MaxTagBytes}-byte limit.");
            }

            if (_tag.Length < size + 4)
            {
                _tag = new byte[Math.Max(size + 4, _tag.Length * 2)];
            }

            if (!await FillAsync(_tag.AsMemory(0, size + 4), cancellationToken))
            {
                return null;
            }

            // Type 9 = video; codec id 7 = AVC. Script data (onMetaData) and anything else is skipped.
            if (type != 9 || size < 5 || (_tag[0] & 0x0F) != 7)
            {
                continue;
            }

            var keyframe = (_tag[0] >> 4) == 1;
            var body = _tag.AsSpan(5, size - 5);
            switch (_tag[1])
            {
                case 0:
                    ReadConfiguration(body);
                    continue;
                case 1:
                    return (ToAnnexB(body, keyframe), keyframe);
                default:
                    continue; // End of sequence.
            }
        }
    }

    private void ReadConfiguration(ReadOnlySpan<byte> record)
    {
        // configurationVersion, profile, compatibility, level, 0xFC | lengthSizeMinusOne, 0xE0 | numSPS, …
        _lengthSize = (record[4] & 0x03) + 1;
        using var sets = new MemoryStream();
        var offset = 5;
        for (var list = 0; list < 2; list++)
        {
            var count = list == 0 ? record[offset] & 0x1F : record[offset];
            offset++;
            for (var i = 0; i < count; i++)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(record[offset..]);
                sets.Write(StartCode);
                sets.Write(record.Slice(offset + 2, length));
                offset += 2 + length;
            }
        }

        _parameterSets = sets.ToArray();
    }

    private byte[] ToAnnexB(ReadOnlySpan<byte> avcc, bool keyframe)
    {
        // Two passes: validate and size, then copy, so the output is allocated once and exactly.
        var total = AccessUnitDelimiter.Length + (keyframe ? _parameterSets.Length : 0);
        for (var offset = 0; offset < avcc.Length;)
        {
            var length = NalLength(avcc, offset);
            total += StartCode.Length + length;
            offset += _lengthSize + length;
        }

        var output = new byte[total];
        AccessUnitDelimiter.CopyTo(output, 0);
        var written = AccessUnitDelimiter.Length;
        if (keyframe)
        {
            _parameterSets.CopyTo(output, written);
            written += _parameterSets.Length;
        }

        for (var offset = 0; offset < avcc.Length;)
        {
            var length = NalLength(avcc, offset);
            StartCode.CopyTo(output, written);
            avcc.Slice(offset + _lengthSize, length).CopyTo(output.AsSpan(written + StartCode.Length));
            written += StartCode.Length + length;
            offset += _lengthSize + length;
        }

        return output;
    }

    private int NalLength(ReadOnlySpan<byte> avcc, int offset)
    {
        if (offset + _lengthSize > avcc.Length)
        {
            throw new InvalidDataException("A NAL unit length prefix runs past its FLV tag.");
        }

        var length = 0;
        for (var i = 0; i < _lengthSize; i++)
        {
            length = (length << 8) | avcc[offset + i];
        }

        if (length <= 0 || offset + _lengthSize + length > avcc.Length)
        {
            throw new InvalidDataException("A NAL unit runs past its FLV tag.");
        }

        return length;
    }

    private async ValueTask<bool> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return read == buffer.Length;
    }
}
