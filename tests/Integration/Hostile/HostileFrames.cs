using System.Buffers.Binary;
using System.Text;
using OrleansBridge.Protocol;

namespace OrleansBridge.Tests.Hostile;

/// <summary>
/// Seeded hostile frames across every message type: random bytes, headers that break a rule, known
/// types with random flags, request ids, sequences and acks, JSON envelopes with real and unknown
/// methods and random params, bulk layouts whose length prefix lies, Bulk and MediaAck included. Most
/// break the protocol; some are valid and must simply be served. The same seed gives the same frames.
/// </summary>
public sealed class HostileFrames(int seed)
{
    private static readonly MessageType[] Types =
    [
        MessageType.Hello, MessageType.Welcome, MessageType.Reject, MessageType.Ping, MessageType.Pong, MessageType.Ack,
        MessageType.Close, MessageType.Request, MessageType.Response, MessageType.Event, MessageType.Media, MessageType.MediaAck,
    ];

    private static readonly string[] Methods =
    [
        "echo", "session.info", "session.logs", "cache.query", "cache.upload", "scene.begin", "scene.put", "scene.commit",
        "scene.abort", "job.cancel", "video.close", "nope", string.Empty,
    ];

    private readonly Random _random = new(seed);
    private uint _nextSequence = 1;

    /// <summary>Starts the numbering again, for a new connection's session.</summary>
    public void NewSession() => _nextSequence = 1;

    /// <summary>The next frame.</summary>
    public byte[] Next()
    {
        return _random.Next(10) switch
        {
            0 => RandomBytes(_random.Next(0, 48)),
            1 => BrokenHeader(),
            _ => KnownType(Types[_random.Next(Types.Length)]),
        };
    }

    private byte[] BrokenHeader()
    {
        var frame = RandomBytes(FrameHeader.Size + _random.Next(0, 32));
        frame[0] = (byte)Types[_random.Next(Types.Length)];
        switch (_random.Next(3))
        {
            case 0:
                frame[1] = (byte)(0x04 << _random.Next(6)); // an unknown flag
                break;
            case 1:
                frame[2] = (byte)_random.Next(1, 256); // reserved bits
                break;
            default:
                frame[0] = (byte)_random.Next(0x15, 0x100); // an unknown type
                break;
        }

        return frame;
    }

    private byte[] KnownType(MessageType type)
    {
        var flags = _random.Next(8) switch
        {
            0 => FrameFlags.Error,
            1 or 2 => FrameFlags.Bulk,
            3 => FrameFlags.Error | FrameFlags.Bulk,
            _ => FrameFlags.None,
        };
        var body = Body(flags);
        var sequence = 0u;
        if (MessageTypes.IsSequenced(type))
        {
            sequence = _random.Next(10) == 0 ? (uint)_random.Next(1, 1000) : _nextSequence; // sometimes a gap or a repeat
            if (sequence == _nextSequence)
            {
                _nextSequence++;
            }
        }
        else if (_random.Next(20) == 0)
        {
            sequence = (uint)_random.Next(1, 10); // a sequence on an unsequenced type
        }

        var requestId = type == MessageType.MediaAck || _random.Next(4) == 0 ? (uint)_random.NextInt64(0, uint.MaxValue) : (uint)_random.Next(1, 100);
        var ack = _random.Next(10) == 0 ? (uint)_random.Next(1, 1000) : 0u; // sometimes acknowledges what was never sent
        var frame = new byte[FrameHeader.Size + body.Length];
        new FrameHeader(type, flags, requestId, sequence, ack).Write(frame);
        body.CopyTo(frame, FrameHeader.Size);
        return frame;
    }

    private byte[] Body(FrameFlags flags)
    {
        var json = _random.Next(5) switch
        {
            0 => [],
            1 => RandomBytes(_random.Next(1, 200)),
            _ => Encoding.UTF8.GetBytes($$"""{"method":"{{Methods[_random.Next(Methods.Length)]}}","params":{{RandomJson(3)}}}"""),
        };
        if ((flags & FrameFlags.Bulk) == 0)
        {
            return json;
        }

        var bulk = RandomBytes(_random.Next(0, 2048));
        var body = new byte[4 + json.Length + bulk.Length];
        var declared = _random.Next(4) switch
        {
            0 => (uint)_random.NextInt64(0, uint.MaxValue), // lies: past the end, or anywhere
            1 => (uint)(json.Length + bulk.Length + 1),
            _ => (uint)json.Length,
        };
        BinaryPrimitives.WriteUInt32LittleEndian(body, declared);
        json.CopyTo(body, 4);
        bulk.CopyTo(body, 4 + json.Length);
        return body;
    }

    private string RandomJson(int depth) => _random.Next(depth <= 0 ? 4 : 7) switch
    {
        0 => "null",
        1 => _random.Next(-5, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => "\"" + new string('a', _random.Next(0, 40)) + "\"",
        3 => "true",
        4 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(0, 4)).Select(_ => RandomJson(depth - 1))) + "]",
        5 => "{" + string.Join(",", Enumerable.Range(0, _random.Next(0, 4)).Select(i => $"\"{(char)('a' + i)}\":{RandomJson(depth - 1)}")) + "}",
        _ => "{\"hash\":\"" + Convert.ToHexStringLower(RandomBytes(32)) + "\",\"offset\":0,\"length\":" + _random.Next(0, 5000) + ",\"final\":true}",
    };

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
