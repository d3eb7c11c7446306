using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Protocol;

/// <summary>
/// Builds and takes apart whole frames. A built frame is one exact-size array: it is the unit that
/// an outbox retains until acknowledged, so it cannot come from a pool.
/// </summary>
public static class Frames
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>A frame with a header only (Ping, Pong, Ack).</summary>
    public static byte[] Empty(MessageType type, uint requestId, uint ack)
    {
        var frame = new byte[FrameHeader.Size];
        new FrameHeader(type, FrameFlags.None, requestId, 0, ack).Write(frame);
        return frame;
    }

    /// <summary>A frame whose body is <paramref name="body"/> serialised as JSON.</summary>
    public static byte[] Json<T>(MessageType type, FrameFlags flags, uint requestId, T body, JsonTypeInfo<T> info)
    {
        var (buffer, writer) = Rent();
        JsonSerializer.Serialize(writer, body, info);
        return Finish(type, flags, requestId, buffer, writer, default);
    }

    /// <summary>A Request frame: <c>{"method": method, "params": parameters}</c>.</summary>
    public static byte[] Request<T>(uint requestId, string method, T parameters, JsonTypeInfo<T> info)
    {
        var (buffer, writer) = Rent();
        WriteRequest(writer, method, parameters, info);
        return Finish(MessageType.Request, FrameFlags.None, requestId, buffer, writer, default);
    }

    /// <summary>A successful Response frame: <c>{"result": result}</c>.</summary>
    public static byte[] Response<T>(uint requestId, T result, JsonTypeInfo<T> info)
    {
        var (buffer, writer) = Rent();
        writer.WriteStartObject();
        writer.WritePropertyName("result"u8);
        WriteValue(writer, result, info);
        writer.WriteEndObject();
        return Finish(MessageType.Response, FrameFlags.None, requestId, buffer, writer, default);
    }

    /// <summary>
    /// A failed Response frame carrying an <see cref="ErrorBody"/>; the reason is clipped to
    /// <see cref="ErrorText.MaxReasonChars"/>, whatever client text a handler quoted in it.
    /// </summary>
    public static byte[] ErrorResponse(uint requestId, ErrorCode code, string? reason = null, JsonElement? details = null) =>
        Json(MessageType.Response, FrameFlags.Error, requestId, new ErrorBody(code, ErrorText.Reason(reason ?? ErrorCodes.Describe(code)), null, details), ProtocolJson.Default.ErrorBody);

    /// <summary>An Event frame: <c>{"event": name, "data": data}</c>.</summary>
    public static byte[] Event<T>(string name, T data, JsonTypeInfo<T> info)
    {
        var (buffer, writer) = Rent();
        writer.WriteStartObject();
        writer.WriteString("event"u8, name);
        writer.WritePropertyName("data"u8);
        WriteValue(writer, data, info);
        writer.WriteEndObject();
        return Finish(MessageType.Event, FrameFlags.None, 0, buffer, writer, default);
    }

    /// <summary>A frame with the <see cref="FrameFlags.Bulk"/> layout: JSON control part, then raw bytes.</summary>
    public static byte[] Bulk<T>(MessageType type, uint requestId, T control, JsonTypeInfo<T> info, ReadOnlySpan<byte> bulk)
    {
        var (buffer, writer) = Rent();
        JsonSerializer.Serialize(writer, control, info);
        return Finish(type, FrameFlags.Bulk, requestId, buffer, writer, bulk);
    }

    /// <summary>
    /// A Request frame with the <see cref="FrameFlags.Bulk"/> layout: <c>{"method", "params"}</c>, then
    /// <paramref name="bulkLength"/> raw bytes that the caller writes at <paramref name="bulkOffset"/>
    /// (reading a file straight into the frame saves a copy of every chunk).
    /// </summary>
    public static byte[] BulkRequest<T>(uint requestId, string method, T parameters, JsonTypeInfo<T> info, int bulkLength, out int bulkOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bulkLength);
        var (buffer, writer) = Rent();
        WriteRequest(writer, method, parameters, info);
        writer.Flush();
        bulkOffset = FrameHeader.Size + 4 + buffer.WrittenCount;
        var frame = new byte[bulkOffset + bulkLength];
        new FrameHeader(MessageType.Request, FrameFlags.Bulk, requestId, 0, 0).Write(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(FrameHeader.Size), (uint)buffer.WrittenCount);
        buffer.WrittenSpan.CopyTo(frame.AsSpan(FrameHeader.Size + 4));
        return frame;
    }

    /// <summary>Splits a body into its JSON part and, with <see cref="FrameFlags.Bulk"/>, its raw part.</summary>
    public static bool TrySplit(FrameFlags flags, ReadOnlySpan<byte> body, out ReadOnlySpan<byte> json, out ReadOnlySpan<byte> bulk)
    {
        bulk = default;
        json = body;
        if ((flags & FrameFlags.Bulk) == 0)
        {
            return true;
        }

        if (body.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(body);
        if (length > (uint)(body.Length - 4))
        {
            return false;
        }

        json = body.Slice(4, (int)length);
        bulk = body[(4 + (int)length)..];
        return true;
    }

    /// <summary>Deserialises a JSON body; malformed or null input is a false return, never an exception.</summary>
    public static bool TryParse<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> info, [NotNullWhen(true)] out T? value)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize(json, info);
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>Writes a Request body: <c>{"method": method, "params": parameters}</c>.</summary>
    private static void WriteRequest<T>(Utf8JsonWriter writer, string method, T parameters, JsonTypeInfo<T> info)
    {
        writer.WriteStartObject();
        writer.WriteString("method"u8, method);
        writer.WritePropertyName("params"u8);
        WriteValue(writer, parameters, info);
        writer.WriteEndObject();
    }

    /// <summary>Writes a value; an absent <see cref="JsonElement"/> (<c>default</c>) is written as JSON null.</summary>
    private static void WriteValue<T>(Utf8JsonWriter writer, T value, JsonTypeInfo<T> info)
    {
        if (value is JsonElement { ValueKind: JsonValueKind.Undefined })
        {
            writer.WriteNullValue();
            return;
        }

        JsonSerializer.Serialize(writer, value, info);
    }

    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer) Rent()
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        return (buffer, writer);
    }

    private static byte[] Finish(
        MessageType type, FrameFlags flags, uint requestId, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, ReadOnlySpan<byte> bulk)
    {
        writer.Flush();
        var json = buffer.WrittenSpan;
        var isBulk = (flags & FrameFlags.Bulk) != 0;
        var prefix = isBulk ? 4 : 0;
        var frame = new byte[FrameHeader.Size + prefix + json.Length + bulk.Length];
        new FrameHeader(type, flags, requestId, 0, 0).Write(frame);
        if (isBulk)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(FrameHeader.Size), (uint)json.Length);
        }

        json.CopyTo(frame.AsSpan(FrameHeader.Size + prefix));
        bulk.CopyTo(frame.AsSpan(FrameHeader.Size + prefix + json.Length));

        // Keep the thread-static buffer from pinning a huge array after one large message.
        if (buffer.Capacity > 1 << 20)
        {
            _threadBuffer = null;
            _threadWriter = null;
        }

        return frame;
    }
}
