using System.Net.WebSockets;
using System.Text;
using OrleansBridge.Admission;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Transport;

namespace OrleansBridge.Bench.Fuzz;

/// <summary>
/// What the wire fuzzer feeds bytes to, shared by <c>bench fuzz</c> (under AFL++) and the unit test that
/// replays the committed corpus. A target returns normally for any input the server must refuse; only
/// a bug throws: the parsers' Try-methods never throw, and the reader throws nothing but the
/// WebSocket's own protocol errors.
/// </summary>
public static class WireFuzzTargets
{
    /// <summary>The targets by name.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["frame"] = Frame,
        ["handshake"] = Handshake,
        ["reader"] = Reader,
    };

    /// <summary>One frame as the gateway and the session take it apart: header, bulk split, JSON envelopes.</summary>
    public static void Frame(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!FrameHeader.TryRead(input, out var header, out var error))
        {
            Expect(error is ErrorCode.MalformedFrame or ErrorCode.UnknownMessageType, $"header refused with {error}");
            return;
        }

        var body = input.AsSpan(FrameHeader.Size);
        if (!Frames.TrySplit(header.Flags, body, out var json, out var bulk))
        {
            return;
        }

        Expect(json.Length + bulk.Length <= body.Length, "the split is longer than the body");
        if (Frames.TryParse(json, ProtocolJson.Default.RequestEnvelope, out var request))
        {
            _ = ErrorText.Quote(request.Method);
        }

        Frames.TryParse(json, ProtocolJson.Default.ErrorBody, out _);
        Frames.TryParse(json, ProtocolJson.Default.CacheUploadParams, out _);
    }

    /// <summary>A Hello as the handshake reads it: body, version negotiation, a signed token's claims.</summary>
    public static void Handshake(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Frames.TryParse(input, ProtocolJson.Default.Hello, out var hello))
        {
            return;
        }

        if (ProtocolVersions.TryNegotiate(hello.ProtocolVersion, out var version))
        {
            Expect(ProtocolVersions.Supported.Contains(version) && version <= hello.ProtocolVersion, $"negotiated {version} for {hello.ProtocolVersion}");
        }

        if (hello.Token is { } token && SignedToken.TryDecode(token, out var claims, out var signed, out _))
        {
            Expect(claims.Tenant.Length > 0 && signed.Length < token.Length, "a decoded token without a tenant");
        }

        _ = Encoding.UTF8.GetByteCount(hello.Client?.Name ?? string.Empty);
    }

    /// <summary>
    /// Raw bytes from a client's TCP stream after the upgrade, through a server-side WebSocket and the
    /// gateway's message reader (limit 64 KiB), every whole message then taken apart as a frame.
    /// </summary>
    public static void Reader(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var socket = WebSocket.CreateFromStream(new ReadOnlyDuplex(input), isServer: true, subProtocol: null, Timeout.InfiniteTimeSpan);
        using var reader = new WebSocketMessageReader(64 << 10);
        try
        {
            for (var messages = 0; messages < 1000; messages++)
            {
                var read = reader.ReadAsync(socket, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                if (read is ReadOutcome.Closed or ReadOutcome.TooLarge)
                {
                    return;
                }

                Expect(reader.Message.Length <= (64 << 10), "a message past the limit was returned whole");
                Frame(reader.Message.ToArray());
            }
        }
        catch (WebSocketException)
        {
            // A stream that breaks RFC 6455, or ends mid-frame: the connection ends, as it should.
        }
    }

    /// <summary>Seeds for the corpus: valid frames of every kind, so the fuzzer starts from the protocol's shapes.</summary>
    public static IEnumerable<(string Target, string Name, byte[] Bytes)> Seeds()
    {
        var hello = new Hello(1, new ClientInfo("fuzz", "1"), "obt1.eyJraWQiOiJrMSIsInRlbmFudCI6InQiLCJleHAiOjEsIm1heCI6Mn0.AAAA", null, "debug");
        var frames = new (string Name, byte[] Bytes)[]
        {
            ("hello", Frames.Json(MessageType.Hello, FrameFlags.None, 0, hello, ProtocolJson.Default.Hello)),
            ("request-echo", Sequenced(Frames.Request(1, "echo", System.Text.Json.JsonSerializer.SerializeToElement(new { n = 1 }), ProtocolJson.Default.JsonElement))),
            ("request-bulk", Sequenced(Frames.BulkRequest(2, "cache.upload", System.Text.Json.JsonSerializer.SerializeToElement(new { hash = new string('0', 64), offset = 0, length = 4, final = true }), ProtocolJson.Default.JsonElement, 4, out _))),
            ("ping", Frames.Empty(MessageType.Ping, 7, 0)),
            ("media-ack", Frames.Empty(MessageType.MediaAck, 3, 0)),
            ("close", Frames.Json(MessageType.Close, FrameFlags.None, 0, ErrorBody.Of(ErrorCode.SessionClosed), ProtocolJson.Default.ErrorBody)),
        };
        foreach (var (name, bytes) in frames)
        {
            yield return ("frame", name, bytes);
            yield return ("reader", name, Masked(bytes));
        }

        yield return ("handshake", "hello", frames[0].Bytes[FrameHeader.Size..]);
        yield return ("reader", "hello-then-echo", [.. Masked(frames[0].Bytes), .. Masked(frames[1].Bytes)]);
    }

    private static byte[] Sequenced(byte[] frame)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), 1);
        return frame;
    }

    /// <summary>A client's binary WebSocket frame (RFC 6455 §5.2), masked with a fixed key so seeds are reproducible.</summary>
    private static byte[] Masked(byte[] payload)
    {
        byte[] key = [0x12, 0x34, 0x56, 0x78];
        var header = payload.Length < 126 ? new byte[] { 0x82, (byte)(0x80 | payload.Length) }
            : [0x82, 0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length];
        var frame = new byte[header.Length + 4 + payload.Length];
        header.CopyTo(frame, 0);
        key.CopyTo(frame, header.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header.Length + 4 + i] = (byte)(payload[i] ^ key[i % 4]);
        }

        return frame;
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Fuzz invariant broken: " + what);
        }
    }

    /// <summary>A stream that reads the input once and swallows writes (the server's answers).</summary>
    private sealed class ReadOnlyDuplex(byte[] input) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => input.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, input.Length - _position);
            input.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
