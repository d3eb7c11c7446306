using System.Buffers.Binary;
using System.Buffers.Text;

namespace OrleansBridge.Protocol.Media;

/// <summary>
/// Writes the moment a Media frame goes to the socket into its JSON side data (docs/protocol.md §6.7,
/// "Timeline"): the <c>"sent"</c> number is serialised as <see cref="Placeholder"/>, a reserved slot of
/// <see cref="Width"/> characters, and overwritten in place when the connection's sender takes the frame,
/// padded with spaces (JSON whitespace, RFC 8259 §2), so nothing is re-serialised or copied on the way out.
/// A frame is written once and never replayed, so patching it in place is safe.
/// </summary>
public readonly struct MediaSentStamp
{
    /// <summary>The value serialised into the slot; its text is exactly <see cref="Width"/> characters.</summary>
    public const double Placeholder = 999_999_999.999;

    /// <summary>Characters the slot holds: milliseconds with two decimals up to 11.5 days, whole milliseconds beyond.</summary>
    public const int Width = 13;

    private readonly byte[]? _frame;
    private readonly int _offset;
    private readonly long _origin;
    private readonly TimeProvider? _time;

    private MediaSentStamp(byte[] frame, int offset, long origin, TimeProvider time)
    {
        _frame = frame;
        _offset = offset;
        _origin = origin;
        _time = time;
    }

    private static ReadOnlySpan<byte> Marker => "\"sent\":999999999.999"u8;

    /// <summary>
    /// Finds the slot in the JSON part of <paramref name="frame"/> (a Media frame in the bulk layout);
    /// the stamp writes milliseconds since <paramref name="origin"/> on <paramref name="time"/>'s clock.
    /// A frame without the slot gets a stamp that does nothing.
    /// </summary>
    public static MediaSentStamp Locate(byte[] frame, long origin, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(time);
        if (frame.Length < FrameHeader.Size + 4)
        {
            return default;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(FrameHeader.Size));
        var jsonStart = FrameHeader.Size + 4;
        if (length > (uint)(frame.Length - jsonStart))
        {
            return default;
        }

        var at = frame.AsSpan(jsonStart, (int)length).LastIndexOf(Marker);
        return at < 0 ? default : new MediaSentStamp(frame, jsonStart + at + Marker.Length - Width, origin, time);
    }

    /// <summary>Writes the time elapsed since the origin into the slot (the sender calls it just before writing the frame).</summary>
    public void Write()
    {
        if (_frame is null || _time is null)
        {
            return;
        }

        var slot = _frame.AsSpan(_offset, Width);
        var ms = Math.Max(0, _time.GetElapsedTime(_origin).TotalMilliseconds);
        if (!Utf8Formatter.TryFormat(Math.Round(ms, 2), slot, out var written, new System.Buffers.StandardFormat('F', 2))
            && !Utf8Formatter.TryFormat((long)Math.Min(ms, 9_999_999_999_999d), slot, out written))
        {
            return; // Cannot happen within 317 years; the placeholder stays.
        }

        slot[written..].Fill((byte)' ');
    }
}
