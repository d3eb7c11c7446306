using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansBridge.Client;
using OrleansBridge.Logging;
using OrleansBridge.Protocol;
using OrleansBridge.Sessions;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Spine;

/// <summary>Broken clients get a protocol error and a close with the documented code; the server keeps serving others.</summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string, byte[], WebSocketMessageType, ErrorCode> AfterHandshake()
    {
        var random = new byte[64];
        new Random(1234).NextBytes(random);
        random[0] = 0xEE; // Not a message type; the rest is noise.
        var unknownType = Frames.Empty(MessageType.Ping, 0, 0);
        unknownType[0] = 0x7F;
        var reserved = Frames.Empty(MessageType.Ping, 0, 0);
        reserved[2] = 1;
        var badJson = Frame(MessageType.Request, 1, "{\"method\": \"echo\", \"params\": "u8.ToArray());
        var noMethod = Frame(MessageType.Request, 1, "{\"params\": 1}"u8.ToArray());
        return new TheoryData<string, byte[], WebSocketMessageType, ErrorCode>
        {
            { "random bytes", random, WebSocketMessageType.Binary, ErrorCode.UnknownMessageType },
            { "truncated header", [0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00], WebSocketMessageType.Binary, ErrorCode.MalformedFrame },
            { "unknown type", unknownType, WebSocketMessageType.Binary, ErrorCode.UnknownMessageType },
            { "reserved bits set", reserved, WebSocketMessageType.Binary, ErrorCode.MalformedFrame },
            { "bad JSON", badJson, WebSocketMessageType.Binary, ErrorCode.MalformedBody },
            { "request without method", noMethod, WebSocketMessageType.Binary, ErrorCode.MalformedBody },
            { "text message", "hello"u8.ToArray(), WebSocketMessageType.Text, ErrorCode.TextMessageNotAllowed },
            { "server-only type", Frames.Empty(MessageType.Welcome, 0, 0), WebSocketMessageType.Binary, ErrorCode.UnexpectedMessage },
            { "sequence gap", Frame(MessageType.Request, 5, "{\"method\":\"echo\",\"params\":1}"u8.ToArray()), WebSocketMessageType.Binary, ErrorCode.SequenceGap },
            { "ack of unsent", Frames.Empty(MessageType.Ack, 0, 999), WebSocketMessageType.Binary, ErrorCode.MalformedFrame },
        };
    }

    [Theory]
    [MemberData(nameof(AfterHandshake))]
    public async Task Frame_Malformed_ClosedWithCodeLoggedAsProtocolErrorAndServerKeepsServing(string what, byte[] bytes, WebSocketMessageType type, ErrorCode expected)
    {
        var log = new CapturingLoggerProvider();
        await using var server = await BridgeTestServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        await using var bystander = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var raw = await RawClient.ConnectAsync(server.Url);
        var welcome = await raw.WelcomeAsync(RawClient.NewHello());

        await raw.SendAsync(bytes, type);

        var (close, status) = await raw.ReadUntilClosedAsync();
        Assert.True(close is not null, $"{what}: expected a Close frame");
        Assert.Equal(expected, close!.Code);
        Assert.Equal((int)expected, (int?)status);
        var closed = await server.WaitForStateAsync(welcome.SessionId, SessionState.Closed);
        Assert.Contains(((int)expected).ToString(), closed.Reason, StringComparison.Ordinal);
        var echoed = await bystander.RequestAsync("echo", JsonSerializer.SerializeToElement(what));
        Assert.Equal(what, echoed.GetString());
        var logged = await log.WaitForAsync(e => e.EventId == LogEvents.ConnectionProtocolError);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains($"protocol error {(int)expected}:", logged.Message, StringComparison.Ordinal);
        Assert.Contains(welcome.SessionId, logged.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], ErrorCode> InHandshake() => new()
    {
        { "random bytes", [0xEE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], ErrorCode.UnknownMessageType },
        { "truncated header", [0x01, 0x00], ErrorCode.MalformedFrame },
        { "not a Hello", Frames.Empty(MessageType.Ping, 0, 0), ErrorCode.UnexpectedMessage },
        { "Hello with bad JSON", Frame(MessageType.Hello, 0, "{\"protocolVersion\":"u8.ToArray()), ErrorCode.MalformedBody },
        { "Hello without client", Frame(MessageType.Hello, 0, "{\"protocolVersion\":1}"u8.ToArray()), ErrorCode.MalformedBody },
    };

    [Theory]
    [MemberData(nameof(InHandshake))]
    public async Task Hello_Malformed_RejectedWithCode(string what, byte[] bytes, ErrorCode expected)
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var raw = await RawClient.ConnectAsync(server.Url);

        await raw.SendAsync(bytes);

        var (reject, status) = await raw.ReadUntilClosedAsync();
        Assert.True(reject is not null, $"{what}: expected a Reject frame");
        Assert.Equal(expected, reject!.Code);
        Assert.Equal((int)expected, (int?)status);
        Assert.Equal(0, (await server.ApplicationStatusAsync()).Sessions);
    }

    [Fact]
    public async Task Message_OverMaxMessageBytes_ClosedWithMessageTooLarge_OthersUnaffected()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Limits:MaxMessageBytes"] = "4096",
        });
        await using var bystander = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        await using var raw = await RawClient.ConnectAsync(server.Url);
        var welcome = await raw.WelcomeAsync(RawClient.NewHello());
        Assert.Equal(4096, welcome.Limits.MaxMessageBytes);
        var big = JsonSerializer.SerializeToElement(new string('x', 8000));

        await raw.SendAsync(RawClient.Request(1, 1, "echo", big));

        var (close, status) = await raw.ReadUntilClosedAsync();
        Assert.Equal(ErrorCode.MessageTooLarge, close?.Code);
        Assert.Equal((int)ErrorCode.MessageTooLarge, (int?)status);
        await server.WaitForStateAsync(welcome.SessionId, SessionState.Closed);
        var small = await bystander.RequestAsync("echo", JsonSerializer.SerializeToElement(new string('y', 3000)));
        Assert.Equal(3000, small.GetString()!.Length);
    }

    [Fact]
    public async Task Request_UnknownMethod_AnsweredWithCodeAndSessionContinues()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);

        var response = await session.SendAsync("no.such.method", default);

        Assert.Equal(ErrorCode.UnknownMethod, response.Error);
        Assert.Contains("no.such.method", response.Message, StringComparison.Ordinal);
        Assert.True((await session.SendAsync("echo", JsonSerializer.SerializeToElement(1))).IsSuccess);
    }

    [Fact]
    public async Task Request_UnknownMethodOfAMegabyte_ErrorQuotesOnlyTheFirst64CharactersAndSessionContinues()
    {
        await using var server = await BridgeTestServer.StartAsync();
        await using var session = await BridgeClient.ConnectAsync(server.Url, BridgeTestServer.Token);
        var method = "m" + new string('x', 1 << 20);

        var response = await session.SendAsync(method, default);

        Assert.Equal(ErrorCode.UnknownMethod, response.Error);
        Assert.Equal($"The server has no method '{method[..ErrorText.MaxQuotedChars]}…'.", response.Message);
        Assert.True((await session.SendAsync("echo", JsonSerializer.SerializeToElement(1))).IsSuccess);
    }

    private static byte[] Frame(MessageType type, uint sequence, byte[] body)
    {
        var frame = new byte[FrameHeader.Size + body.Length];
        new FrameHeader(type, FrameFlags.None, 1, sequence, 0).Write(frame);
        body.CopyTo(frame, FrameHeader.Size);
        return frame;
    }
}
