using System.Globalization;
using System.Text.Json;
using OrleansBridge.Admission;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Protocol.Reliability;
using OrleansBridge.Sessions;
using Ex = OrleansBridge.Tests.Protocol.ProtocolDocExamples;

namespace OrleansBridge.Tests.Protocol;

/// <summary>
/// Keeps docs/protocol.md §9 honest: the document shows exactly the bytes in <see cref="ProtocolDocExamples"/>,
/// the product's parser reads every field of them, and the product's builders (plus the outbox's
/// sequence numbers and the sender's ack stamp) produce them again byte for byte.
/// </summary>
public sealed class ProtocolDocExamplesTests
{
    private const string SessionId = "817a15184777704d3004a94c148b2f8b";
    private const string ResumeToken = "ND_CgJwdNcotfohWFQ-MA9lEbUufsPjoxiPMEnOPQME";
    private const string ExampleToken = "example-token-0123456789";

    [Fact]
    public void Document_EveryFrameExample_ShowsTheTestedBytes()
    {
        var document = File.ReadAllText(ProtocolDocumentPath());
        foreach (var (name, hex) in Ex.ByName)
        {
            var shown = HexDumpAfterMarker(document, name);
            AssertBytes($"docs/protocol.md example '{name}'", Ex.Bytes(hex), shown);
        }
    }

    [Fact]
    public void Document_SignedTokenExample_ShowsTheTestedToken()
    {
        var document = File.ReadAllText(ProtocolDocumentPath());
        Assert.True(document.Contains(Ex.SignedToken, StringComparison.Ordinal), $"docs/protocol.md §8 should show the signed token {Ex.SignedToken}.");
    }

    [Fact]
    public void TryRead_Hello_ReadsEveryField()
    {
        var frame = Ex.Bytes(Ex.Hello);
        var header = ReadHeader("hello", frame);
        AssertHeader("hello", header, MessageType.Hello, FrameFlags.None, requestId: 0, sequence: 0, ack: 0);
        Assert.True(Frames.TryParse(frame.AsSpan(FrameHeader.Size), ProtocolJson.Default.Hello, out var hello), "hello: body should parse as Hello");
        Assert.Equal(1, hello.ProtocolVersion);
        Assert.Equal(new ClientInfo("example", "1.0"), hello.Client);
        Assert.Equal(ExampleToken, hello.Token);
        Assert.Null(hello.Resume);
        Assert.Null(hello.LogLevel);
    }

    [Fact]
    public void TryRead_Welcome_ReadsEveryField()
    {
        var frame = Ex.Bytes(Ex.Welcome);
        AssertHeader("welcome", ReadHeader("welcome", frame), MessageType.Welcome, FrameFlags.None, requestId: 0, sequence: 0, ack: 0);
        Assert.True(Frames.TryParse(frame.AsSpan(FrameHeader.Size), ProtocolJson.Default.Welcome, out var welcome), "welcome: body should parse as Welcome");
        Assert.Equal(1, welcome.ProtocolVersion);
        Assert.Equal(SessionId, welcome.SessionId);
        Assert.Equal(ResumeToken, welcome.ResumeToken);
        Assert.False(welcome.Resumed);
        Assert.Equal(0u, welcome.LastReceivedSeq);
        Assert.Equal("default", welcome.Tenant);
        Assert.Equal(DefaultLimits, welcome.Limits);
        Assert.Equal(DefaultCapabilities, welcome.Capabilities);
        Assert.Equal(ProtocolVersions.Supported, welcome.SupportedVersions);
    }

    [Fact]
    public void TryRead_StateEvent_ReadsEnvelopeAndData()
    {
        var frame = Ex.Bytes(Ex.StateEvent);
        AssertHeader("state-event", ReadHeader("state-event", frame), MessageType.Event, FrameFlags.None, requestId: 0, sequence: 1, ack: 0);
        Assert.True(Frames.TryParse(frame.AsSpan(FrameHeader.Size), ProtocolJson.Default.EventEnvelope, out var envelope), "state-event: body should parse as an event envelope");
        Assert.Equal(EventNames.SessionState, envelope.Event);
        var data = envelope.Data.Deserialize(ProtocolJson.Default.SessionStateEvent);
        Assert.Equal(new SessionStateEvent(SessionState.Connected, SessionState.Connecting, "admitted example 1.0 on connection 1d457733af94"), data);
    }

    [Fact]
    public void TryRead_EchoRequestAndResponse_ReadEveryField()
    {
        var request = Ex.Bytes(Ex.EchoRequest);
        AssertHeader("echo-request", ReadHeader("echo-request", request), MessageType.Request, FrameFlags.None, requestId: 1, sequence: 1, ack: 1);
        Assert.True(Frames.TryParse(request.AsSpan(FrameHeader.Size), ProtocolJson.Default.RequestEnvelope, out var envelope), "echo-request: body should parse");
        Assert.Equal("echo", envelope.Method);
        Assert.Equal("hi", envelope.Params.GetProperty("text").GetString());

        var response = Ex.Bytes(Ex.EchoResponse);
        AssertHeader("echo-response", ReadHeader("echo-response", response), MessageType.Response, FrameFlags.None, requestId: 1, sequence: 2, ack: 1);
        Assert.True(Frames.TryParse(response.AsSpan(FrameHeader.Size), ProtocolJson.Default.ResponseEnvelope, out var result), "echo-response: body should parse");
        Assert.Equal("{\"text\":\"hi\"}", result.Result.GetRawText());
    }

    [Theory]
    [InlineData("client-ack", MessageType.Ack, 0u, 2u)]
    [InlineData("server-ack", MessageType.Ack, 0u, 2u)]
    [InlineData("ping", MessageType.Ping, 7u, 2u)]
    [InlineData("pong", MessageType.Pong, 7u, 1u)]
    public void TryRead_HeaderOnlyFrames_ReadEveryField(string name, MessageType type, uint requestId, uint ack)
    {
        var frame = Ex.Bytes(Ex.ByName[name]);
        Assert.True(frame.Length == FrameHeader.Size, $"{name}: a {type} frame is a bare header, got {frame.Length} bytes");
        AssertHeader(name, ReadHeader(name, frame), type, FrameFlags.None, requestId, sequence: 0, ack);
    }

    [Fact]
    public void TryRead_UnknownMethodAndErrorResponse_ReadEveryField()
    {
        var request = Ex.Bytes(Ex.UnknownMethodRequest);
        AssertHeader("unknown-method-request", ReadHeader("unknown-method-request", request), MessageType.Request, FrameFlags.None, requestId: 2, sequence: 2, ack: 2);
        Assert.True(Frames.TryParse(request.AsSpan(FrameHeader.Size), ProtocolJson.Default.RequestEnvelope, out var envelope), "unknown-method-request: body should parse");
        Assert.Equal("nope", envelope.Method);
        Assert.Equal(JsonValueKind.Null, envelope.Params.ValueKind);

        var response = Ex.Bytes(Ex.ErrorResponse);
        AssertHeader("error-response", ReadHeader("error-response", response), MessageType.Response, FrameFlags.Error, requestId: 2, sequence: 3, ack: 2);
        Assert.True(Frames.TryParse(response.AsSpan(FrameHeader.Size), ProtocolJson.Default.ErrorBody, out var error), "error-response: body should parse as an error");
        Assert.Equal(ErrorCode.UnknownMethod, error.Code);
        Assert.Equal("The server has no method 'nope'.", error.Reason);
        Assert.Null(error.SupportedVersions);
    }

    [Fact]
    public void TrySplit_BulkRequest_SeparatesJsonAndRawBytes()
    {
        var frame = Ex.Bytes(Ex.BulkRequest);
        var header = ReadHeader("bulk-request", frame);
        AssertHeader("bulk-request", header, MessageType.Request, FrameFlags.Bulk, requestId: 3, sequence: 3, ack: 3);
        Assert.True(Frames.TrySplit(header.Flags, frame.AsSpan(FrameHeader.Size), out var json, out var bulk), "bulk-request: body should split");
        Assert.Equal(0x22, json.Length);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, bulk.ToArray());
        Assert.True(Frames.TryParse(json, ProtocolJson.Default.RequestEnvelope, out var envelope), "bulk-request: JSON part should parse");
        Assert.Equal("echo", envelope.Method);
        Assert.Equal(1, envelope.Params.GetProperty("n").GetInt32());

        var response = Ex.Bytes(Ex.BulkResponse);
        AssertHeader("bulk-response", ReadHeader("bulk-response", response), MessageType.Response, FrameFlags.None, requestId: 3, sequence: 4, ack: 3);
    }

    [Fact]
    public void TryRead_CloseFramesAndReject_ReadEveryField()
    {
        var clientClose = Ex.Bytes(Ex.ClientClose);
        AssertHeader("client-close", ReadHeader("client-close", clientClose), MessageType.Close, FrameFlags.None, requestId: 0, sequence: 0, ack: 4);
        Assert.True(Frames.TryParse(clientClose.AsSpan(FrameHeader.Size), ProtocolJson.Default.ErrorBody, out var fromClient), "client-close: body should parse");
        Assert.Equal(ErrorBody.Of(ErrorCode.SessionClosed), fromClient);

        var serverClose = Ex.Bytes(Ex.ServerClose);
        AssertHeader("server-close", ReadHeader("server-close", serverClose), MessageType.Close, FrameFlags.None, requestId: 0, sequence: 0, ack: 3);
        Assert.True(Frames.TryParse(serverClose.AsSpan(FrameHeader.Size), ProtocolJson.Default.ErrorBody, out var fromServer), "server-close: body should parse");
        Assert.Equal(new ErrorBody(ErrorCode.SessionClosed, "The client closed the session."), fromServer);

        var hello = Ex.Bytes(Ex.HelloVersion0);
        AssertHeader("hello-version-0", ReadHeader("hello-version-0", hello), MessageType.Hello, FrameFlags.None, requestId: 0, sequence: 0, ack: 0);
        Assert.True(Frames.TryParse(hello.AsSpan(FrameHeader.Size), ProtocolJson.Default.Hello, out var old), "hello-version-0: body should parse");
        Assert.False(ProtocolVersions.TryNegotiate(old.ProtocolVersion, out _), "version 0 is older than every supported version");

        var reject = Ex.Bytes(Ex.Reject);
        AssertHeader("reject", ReadHeader("reject", reject), MessageType.Reject, FrameFlags.None, requestId: 0, sequence: 0, ack: 0);
        Assert.True(Frames.TryParse(reject.AsSpan(FrameHeader.Size), ProtocolJson.Default.ErrorBody, out var body), "reject: body should parse");
        Assert.Equal(ErrorCode.UnsupportedProtocolVersion, body.Code);
        Assert.Equal("Protocol version 0 is not supported; this server speaks 1.", body.Reason);
        Assert.Equal([1], body.SupportedVersions!);
    }

    [Fact]
    public void Builders_ClientFrames_ReproduceDocumentBytes()
    {
        // The client's outbox numbers its requests; its sender stamps the ack on a copy, as FrameSender does.
        var outbox = new Outbox(1 << 20, 16);
        var hello = Frames.Json(MessageType.Hello, FrameFlags.None, 0, new Hello(1, new ClientInfo("example", "1.0"), ExampleToken), ProtocolJson.Default.Hello);
        AssertBytes("hello", Ex.Bytes(Ex.Hello), hello);

        var helloV0 = Frames.Json(MessageType.Hello, FrameFlags.None, 0, new Hello(0, new ClientInfo("example", "1.0"), ExampleToken), ProtocolJson.Default.Hello);
        AssertBytes("hello-version-0", Ex.Bytes(Ex.HelloVersion0), helloV0);

        var echo = Frames.Request(1, "echo", Json("{\"text\":\"hi\"}"), ProtocolJson.Default.JsonElement);
        AssertBytes("echo-request", Ex.Bytes(Ex.EchoRequest), Append(outbox, echo, expectedSequence: 1, ack: 1));

        AssertBytes("client-ack", Ex.Bytes(Ex.ClientAck), Frames.Empty(MessageType.Ack, 0, 2));
        AssertBytes("ping", Ex.Bytes(Ex.Ping), Frames.Empty(MessageType.Ping, 7, 2));

        var nope = Frames.Request(2, "nope", default(JsonElement), ProtocolJson.Default.JsonElement);
        AssertBytes("unknown-method-request", Ex.Bytes(Ex.UnknownMethodRequest), Append(outbox, nope, expectedSequence: 2, ack: 2));

        var bulk = Frames.Bulk(MessageType.Request, 3, new RequestEnvelope("echo", Json("{\"n\":1}")), ProtocolJson.Default.RequestEnvelope, [0xde, 0xad, 0xbe, 0xef]);
        AssertBytes("bulk-request", Ex.Bytes(Ex.BulkRequest), Append(outbox, bulk, expectedSequence: 3, ack: 3));

        var close = Frames.Json(MessageType.Close, FrameFlags.None, 0, ErrorBody.Of(ErrorCode.SessionClosed), ProtocolJson.Default.ErrorBody);
        AssertBytes("client-close", Ex.Bytes(Ex.ClientClose), Stamp(close, 4));
    }

    [Fact]
    public void Builders_ServerFrames_ReproduceDocumentBytes()
    {
        var outbox = new Outbox(64 << 20, 65_536);
        var welcome = new Welcome(1, SessionId, ResumeToken, false, 0, "default", DefaultLimits, DefaultCapabilities, ProtocolVersions.Supported);
        AssertBytes("welcome", Ex.Bytes(Ex.Welcome), Frames.Json(MessageType.Welcome, FrameFlags.None, 0, welcome, ProtocolJson.Default.Welcome));

        var state = Frames.Event(EventNames.SessionState, new SessionStateEvent(SessionState.Connected, SessionState.Connecting, "admitted example 1.0 on connection 1d457733af94"), ProtocolJson.Default.SessionStateEvent);
        AssertBytes("state-event", Ex.Bytes(Ex.StateEvent), Append(outbox, state, expectedSequence: 1, ack: 0));

        // The echo handler answers with the request's own params element.
        Assert.True(Frames.TryParse(Ex.Bytes(Ex.EchoRequest).AsSpan(FrameHeader.Size), ProtocolJson.Default.RequestEnvelope, out var request), "echo-request should parse");
        var response = Frames.Response(1, request.Params, ProtocolJson.Default.JsonElement);
        AssertBytes("echo-response", Ex.Bytes(Ex.EchoResponse), Append(outbox, response, expectedSequence: 2, ack: 1));

        AssertBytes("pong", Ex.Bytes(Ex.Pong), Stamp(Frames.Empty(MessageType.Pong, 7, 0), 1));
        AssertBytes("server-ack", Ex.Bytes(Ex.ServerAck), Stamp(Frames.Empty(MessageType.Ack, 0, 0), 2));

        var error = Frames.ErrorResponse(2, ErrorCode.UnknownMethod, "The server has no method 'nope'.");
        AssertBytes("error-response", Ex.Bytes(Ex.ErrorResponse), Append(outbox, error, expectedSequence: 3, ack: 2));

        var bulkResult = Frames.Response(3, Json("{\"n\":1}"), ProtocolJson.Default.JsonElement);
        AssertBytes("bulk-response", Ex.Bytes(Ex.BulkResponse), Append(outbox, bulkResult, expectedSequence: 4, ack: 3));

        var close = Frames.Json(MessageType.Close, FrameFlags.None, 0, new ErrorBody(ErrorCode.SessionClosed, "The client closed the session."), ProtocolJson.Default.ErrorBody);
        AssertBytes("server-close", Ex.Bytes(Ex.ServerClose), Stamp(close, 3));

        var reject = new ErrorBody(ErrorCode.UnsupportedProtocolVersion, "Protocol version 0 is not supported; this server speaks 1.", ProtocolVersions.Supported);
        AssertBytes("reject", Ex.Bytes(Ex.Reject), Frames.Json(MessageType.Reject, FrameFlags.None, 0, reject, ProtocolJson.Default.ErrorBody));
    }

    [Fact]
    public void Sign_DocumentClaims_ReproducesDocumentToken()
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var token = new SignedToken("k1", "acme", 1_893_456_000, 3).Sign(secret);
        Assert.Equal(Ex.SignedToken, token);
    }

    private static readonly SessionLimits DefaultLimits = new(4_194_304, 16_777_216, 20_000, 67_108_864, 15_000, 45_000, 60_000);

    private static readonly string[] DefaultCapabilities = ["resume", "logs", "session.info", "session.logs", "session.close", "echo"];

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    /// <summary>Appends to an outbox (which writes the sequence) and returns the wire copy with the ack stamped.</summary>
    private static byte[] Append(Outbox outbox, byte[] frame, uint expectedSequence, uint ack)
    {
        Assert.True(outbox.TryAppend(frame, out var sequence), $"the outbox should accept frame #{expectedSequence}");
        Assert.True(sequence == expectedSequence, $"the outbox should number this frame {expectedSequence}, got {sequence}");
        return Stamp(frame, ack);
    }

    private static byte[] Stamp(byte[] frame, uint ack)
    {
        var wire = (byte[])frame.Clone();
        FrameHeader.PatchAck(wire, ack);
        return wire;
    }

    private static FrameHeader ReadHeader(string name, byte[] frame)
    {
        Assert.True(FrameHeader.TryRead(frame, out var header, out var error), $"{name}: header should be valid, got {error}");
        Assert.Equal(ErrorCode.None, error);
        return header;
    }

    private static void AssertHeader(string name, FrameHeader header, MessageType type, FrameFlags flags, uint requestId, uint sequence, uint ack)
    {
        var expected = new FrameHeader(type, flags, requestId, sequence, ack);
        Assert.True(expected == header, $"{name}: expected header {expected}, read {header}");
    }

    private static void AssertBytes(string name, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        var common = Math.Min(expected.Length, actual.Length);
        var first = expected[..common].CommonPrefixLength(actual[..common]);
        if (first == common && expected.Length == actual.Length)
        {
            return;
        }

        Assert.Fail($"{name}: bytes differ at offset {first} (0x{first:x}); expected {expected.Length} bytes, got {actual.Length}. "
            + $"Expected from there: {Convert.ToHexStringLower(expected[first..Math.Min(expected.Length, first + 16)])}, "
            + $"got: {Convert.ToHexStringLower(actual[first..Math.Min(actual.Length, first + 16)])}.");
    }

    /// <summary>Reads the hex dump in the first fenced block after <c>&lt;!-- frame: name --&gt;</c>: lines of "offset  xx xx … |ascii|".</summary>
    private static byte[] HexDumpAfterMarker(string document, string name)
    {
        var marker = $"<!-- frame: {name} -->";
        var at = document.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/protocol.md has no marker {marker}");
        var open = document.IndexOf("```", at, StringComparison.Ordinal);
        var start = document.IndexOf('\n', open) + 1;
        var end = document.IndexOf("```", start, StringComparison.Ordinal);
        Assert.True(open > at && end > start, $"docs/protocol.md: no fenced block after {marker}");

        var bytes = new List<byte>();
        foreach (var line in document[start..end].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var offset = int.Parse(tokens[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Assert.True(offset == bytes.Count, $"docs/protocol.md example '{name}': line '{line}' starts at offset {offset:x4}, expected {bytes.Count:x4}");
            foreach (var token in tokens.Skip(1))
            {
                if (token.StartsWith('|'))
                {
                    break;
                }

                bytes.Add(byte.Parse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return [.. bytes];
    }

    private static string ProtocolDocumentPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansBridge.sln")))
            {
                return Path.Combine(directory.FullName, "docs", "protocol.md");
            }
        }

        throw new InvalidOperationException($"No OrleansBridge.sln above {AppContext.BaseDirectory}; the doc examples test runs inside the repository.");
    }
}
