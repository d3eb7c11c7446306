using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Tests.Protocol;

/// <summary>Building and taking apart whole frames: JSON bodies, the bulk layout (§2.2), and parse failures as values.</summary>
public sealed class FramesTests
{
    [Theory]
    [InlineData(MessageType.Ping, 7u, 0u)]
    [InlineData(MessageType.Pong, 7u, 3u)]
    [InlineData(MessageType.Ack, 0u, 12u)]
    public void Empty_AnyType_IsAHeaderWithNoBody(MessageType type, uint requestId, uint ack)
    {
        var frame = Frames.Empty(type, requestId, ack);
        Assert.True(frame.Length == FrameHeader.Size, $"{type}: expected {FrameHeader.Size} bytes, got {frame.Length}");
        Assert.True(FrameHeader.TryRead(frame, out var header, out var error), $"{type}: expected valid header, got {error}");
        Assert.Equal(new FrameHeader(type, FrameFlags.None, requestId, 0, ack), header);
    }

    [Fact]
    public void Json_HelloWithoutOptionalFields_OmitsNullsAndUsesCamelCase()
    {
        var frame = Frames.Json(MessageType.Hello, FrameFlags.None, 0, new Hello(1, new ClientInfo("a", "b")), ProtocolJson.Default.Hello);
        Assert.Equal("{\"protocolVersion\":1,\"client\":{\"name\":\"a\",\"build\":\"b\"}}", Body(frame));
    }

    [Fact]
    public void Json_AnyFrame_LeavesSequenceAndAckZeroForTheOutboxAndSender()
    {
        var frame = Frames.Event(EventNames.Log, new LogEvent("Information", "session", "m", DateTimeOffset.UnixEpoch), ProtocolJson.Default.LogEvent);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(8)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(12)));
        Assert.Equal(
            "{\"event\":\"log\",\"data\":{\"level\":\"Information\",\"category\":\"session\",\"message\":\"m\",\"timestamp\":\"1970-01-01T00:00:00+00:00\"}}",
            Body(frame));
    }

    [Fact]
    public void Request_UndefinedJsonElementParams_WritesNull()
    {
        var frame = Frames.Request(4, "session.info", default(JsonElement), ProtocolJson.Default.JsonElement);
        Assert.Equal("{\"method\":\"session.info\",\"params\":null}", Body(frame));
        Assert.Equal((byte)MessageType.Request, frame[0]);
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4)));
    }

    [Fact]
    public void Response_UndefinedJsonElementResult_WritesNull()
    {
        var frame = Frames.Response(9, default(JsonElement), ProtocolJson.Default.JsonElement);
        Assert.Equal("{\"result\":null}", Body(frame));
        Assert.Equal((byte)MessageType.Response, frame[0]);
        Assert.Equal((byte)FrameFlags.None, frame[1]);
    }

    [Fact]
    public void Event_UndefinedJsonElementData_WritesNull()
    {
        var frame = Frames.Event("custom", default(JsonElement), ProtocolJson.Default.JsonElement);
        Assert.Equal("{\"event\":\"custom\",\"data\":null}", Body(frame));
    }

    [Fact]
    public void ErrorResponse_WithoutReason_SetsErrorFlagAndDefaultMessage()
    {
        var frame = Frames.ErrorResponse(3, ErrorCode.TooManyInFlight);
        Assert.Equal((byte)FrameFlags.Error, frame[1]);
        Assert.True(Frames.TryParse(frame.AsSpan(FrameHeader.Size), ProtocolJson.Default.ErrorBody, out var body), "an error body should parse");
        Assert.Equal(new ErrorBody(ErrorCode.TooManyInFlight, ErrorCodes.Describe(ErrorCode.TooManyInFlight)), body);
        Assert.Contains("\"code\":4109", Body(frame), StringComparison.Ordinal);
    }

    [Fact]
    public void Bulk_ControlAndRawBytes_AreLengthPrefixJsonThenRaw()
    {
        var raw = new byte[] { 0, 1, 2, 255 };
        var frame = Frames.Bulk(MessageType.Request, 2, new SetLogLevelParams("debug"), ProtocolJson.Default.SetLogLevelParams, raw);

        Assert.Equal((byte)FrameFlags.Bulk, frame[1]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(FrameHeader.Size));
        Assert.Equal("{\"level\":\"debug\"}", Encoding.UTF8.GetString(frame.AsSpan(FrameHeader.Size + 4, (int)length)));
        Assert.Equal(raw, frame[(FrameHeader.Size + 4 + (int)length)..]);

        Assert.True(Frames.TrySplit(FrameFlags.Bulk, frame.AsSpan(FrameHeader.Size), out var json, out var bulk), "a built bulk body should split");
        Assert.Equal("{\"level\":\"debug\"}", Encoding.UTF8.GetString(json));
        Assert.Equal(raw, bulk.ToArray());
    }

    [Fact]
    public void TrySplit_BulkWithEmptyRawPart_GivesEmptyBulk()
    {
        var frame = Frames.Bulk(MessageType.Request, 2, new SetLogLevelParams(null), ProtocolJson.Default.SetLogLevelParams, []);
        Assert.True(Frames.TrySplit(FrameFlags.Bulk, frame.AsSpan(FrameHeader.Size), out var json, out var bulk), "should split");
        Assert.Equal("{}", Encoding.UTF8.GetString(json));
        Assert.True(bulk.IsEmpty, $"expected no raw bytes, got {bulk.Length}");
    }

    [Fact]
    public void TrySplit_WithoutBulkFlag_WholeBodyIsJson()
    {
        var body = "{\"a\":1}"u8.ToArray();
        Assert.True(Frames.TrySplit(FrameFlags.Error, body, out var json, out var bulk), "a non-bulk body always splits");
        Assert.Equal(body, json.ToArray());
        Assert.True(bulk.IsEmpty, "a non-bulk body has no raw part");
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("010000")]
    public void TrySplit_BulkBodyShorterThanLengthPrefix_False(string hex)
    {
        Assert.False(Frames.TrySplit(FrameFlags.Bulk, Convert.FromHexString(hex), out _, out _), $"a {hex.Length / 2}-byte bulk body must not split");
    }

    [Theory]
    [InlineData("050000007b7d")]
    [InlineData("ffffffff7b7d")]
    [InlineData("01000000")]
    public void TrySplit_BulkLengthPastEndOfBody_False(string hex)
    {
        Assert.False(Frames.TrySplit(FrameFlags.Bulk, Convert.FromHexString(hex), out _, out _), $"body {hex} claims more JSON than it has");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"method\":")]
    [InlineData("{\"method\":\"echo\",}")]
    [InlineData("{/* comment */\"method\":\"echo\"}")]
    [InlineData("[1,2]")]
    [InlineData("\"echo\"")]
    [InlineData("{\"method\":42}")]
    [InlineData("null")]
    public void TryParse_MalformedOrNullJson_FalseWithoutThrowing(string json)
    {
        Assert.False(Frames.TryParse(Encoding.UTF8.GetBytes(json), ProtocolJson.Default.RequestEnvelope, out var value), $"'{json}' must not parse as a request");
        Assert.Null(value);
    }

    [Fact]
    public void TryParse_UnknownProperties_AreIgnored()
    {
        var json = "{\"method\":\"echo\",\"params\":1,\"future\":{\"x\":[1]}}"u8;
        Assert.True(Frames.TryParse(json, ProtocolJson.Default.RequestEnvelope, out var request), "unknown fields are ignored");
        Assert.Equal("echo", request.Method);
        Assert.Equal(1, request.Params.GetInt32());
    }

    [Fact]
    public void TryParse_HelloWithoutProtocolVersion_ReadsVersionZero()
    {
        // A missing number is not a parse failure: the handshake then rejects version 0 with 4104.
        Assert.True(Frames.TryParse("{\"client\":{\"name\":\"a\",\"build\":\"b\"}}"u8, ProtocolJson.Default.Hello, out var hello), "should parse");
        Assert.Equal(0, hello.ProtocolVersion);
    }

    [Fact]
    public void TryParse_PascalCasePropertyNames_AreNotMatched()
    {
        Assert.True(Frames.TryParse("{\"ProtocolVersion\":1,\"client\":{\"name\":\"a\",\"build\":\"b\"}}"u8, ProtocolJson.Default.Hello, out var hello), "should parse");
        Assert.True(hello.ProtocolVersion == 0, "property names are case-sensitive camelCase; ProtocolVersion must not bind");
    }

    [Fact]
    public void TryParse_HelloWithoutClient_ParsesWithNullClient()
    {
        // The gateway rejects this with 4102 because client is null, not because parsing failed.
        Assert.True(Frames.TryParse("{\"protocolVersion\":1}"u8, ProtocolJson.Default.Hello, out var hello), "should parse");
        Assert.Null(hello.Client);
    }

    [Fact]
    public void Json_EachCall_ReturnsAFreshExactSizeArray()
    {
        var first = Frames.Response(1, 1, JsonInt);
        var second = Frames.Response(2, 22, JsonInt);
        Assert.NotSame(first, second);
        Assert.Equal("{\"result\":1}", Body(first));
        Assert.Equal("{\"result\":22}", Body(second));
    }

    [Fact]
    public void Json_AfterAMessageLargerThanOneMebibyte_NextFrameIsStillExact()
    {
        var big = new string('x', (1 << 20) + 10);
        var large = Frames.Response(1, big, TestJson.Default.String);
        Assert.Equal(FrameHeader.Size + big.Length + "{\"result\":\"\"}".Length, large.Length);

        var small = Frames.Response(2, 5, JsonInt);
        Assert.Equal("{\"result\":5}", Body(small));
    }

    [Fact]
    public void BulkRequest_BulkWrittenInPlace_SplitsIntoEnvelopeAndRawBytes()
    {
        var frame = Frames.BulkRequest(5, CacheMethods.Upload, new CacheUploadParams("ab", 0, 3, Final: true), ProtocolJson.Default.CacheUploadParams, 3, out var at);
        new byte[] { 7, 8, 9 }.CopyTo(frame.AsSpan(at));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), 1); // as the outbox numbers it

        Assert.True(FrameHeader.TryRead(frame, out var header, out var error), $"header: {error}");
        Assert.Equal(new FrameHeader(MessageType.Request, FrameFlags.Bulk, 5, 1, 0), header);
        Assert.True(Frames.TrySplit(header.Flags, frame.AsSpan(FrameHeader.Size), out var json, out var bulk));
        Assert.Equal("{\"method\":\"cache.upload\",\"params\":{\"hash\":\"ab\",\"offset\":0,\"length\":3,\"final\":true}}", Encoding.UTF8.GetString(json));
        Assert.Equal(new byte[] { 7, 8, 9 }, bulk.ToArray());
        Assert.Equal(frame.Length, at + 3);
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<int> JsonInt => TestJson.Default.Int32;

    private static string Body(byte[] frame) => Encoding.UTF8.GetString(frame.AsSpan(FrameHeader.Size));

    [Fact]
    public void ErrorResponse_ReasonOverTheCap_ClippedWithAnEllipsis()
    {
        var frame = Frames.ErrorResponse(9, ErrorCode.InvalidArgument, new string('r', 100_000));

        var body = JsonSerializer.Deserialize(frame.AsSpan(FrameHeader.Size), ProtocolJson.Default.ErrorBody)!;
        Assert.Equal(ErrorText.MaxReasonChars + 1, body.Reason.Length);
        Assert.EndsWith("r…", body.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo", "echo")]
    [InlineData(null, "")]
    public void Quote_ShortText_Unchanged(string? text, string expected) => Assert.Equal(expected, ErrorText.Quote(text));

    [Fact]
    public void Quote_SurrogatePairAtTheCut_NotSplit()
    {
        var text = new string('a', ErrorText.MaxQuotedChars - 1) + "😀" + "tail";

        var quoted = ErrorText.Quote(text);

        Assert.Equal(new string('a', ErrorText.MaxQuotedChars - 1) + "…", quoted);
    }
}
