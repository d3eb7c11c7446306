using System.Net.WebSockets;
using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// A bare ClientWebSocket speaking frames by hand, for tests that need exact bytes on the wire:
/// malformed input, handshakes the SDK would never send, clients that misbehave.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[8 << 20];

    private RawClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<RawClient> ConnectAsync(Uri url, string? bearer = BridgeTestServer.Token, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await socket.ConnectAsync(url, Timeout());
        return new RawClient(socket);
    }

    /// <summary>Sends Hello and returns the server's answer frame.</summary>
    public async Task<(FrameHeader Header, byte[] Body)> HelloAsync(Hello hello)
    {
        await SendAsync(Frames.Json(MessageType.Hello, FrameFlags.None, 0, hello, ProtocolJson.Default.Hello));
        return await ReceiveFrameAsync();
    }

    public static Hello NewHello(string? token = null, ResumeInfo? resume = null, int version = ProtocolVersions.Current, string? logLevel = null) =>
        new(version, new ClientInfo("raw-test", "1"), token, resume, logLevel);

    public async Task<Welcome> WelcomeAsync(Hello hello)
    {
        var (header, body) = await HelloAsync(hello);
        Assert.True(header.Type == MessageType.Welcome, $"Expected Welcome, got {header.Type}: {System.Text.Encoding.UTF8.GetString(body)}");
        return JsonSerializer.Deserialize(body, ProtocolJson.Default.Welcome)!;
    }

    /// <summary>A Request frame with an explicit sequence number, as a client must number them.</summary>
    public static byte[] Request(uint sequence, uint requestId, string method, JsonElement parameters)
    {
        var frame = Frames.Request(requestId, method, parameters, ProtocolJson.Default.JsonElement);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), sequence);
        return frame;
    }

    public Task SendAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        Socket.SendAsync(bytes, type, endOfMessage: true, Timeout());

    /// <summary>Reads one whole message as a frame.</summary>
    public async Task<(FrameHeader Header, byte[] Body)> ReceiveFrameAsync()
    {
        var length = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(length), Timeout());
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The server closed the socket: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                break;
            }
        }

        Assert.True(FrameHeader.TryRead(_buffer.AsSpan(0, length), out var header, out var error), $"Unreadable frame from the server: {error}");
        return (header, _buffer.AsSpan(FrameHeader.Size, length - FrameHeader.Size).ToArray());
    }

    /// <summary>Reads until the server closes; returns the protocol Close frame's body (if one came) and the WebSocket close status.</summary>
    public async Task<(ErrorBody? Close, WebSocketCloseStatus? Status)> ReadUntilClosedAsync()
    {
        ErrorBody? close = null;
        try
        {
            while (true)
            {
                var (header, body) = await ReceiveFrameAsync();
                if (header.Type is MessageType.Close or MessageType.Reject)
                {
                    close = JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody);
                }
            }
        }
        catch (InvalidOperationException)
        {
            await AnswerCloseAsync();
            return (close, Socket.CloseStatus);
        }
        catch (WebSocketException)
        {
            return (close, Socket.CloseStatus);
        }
    }

    /// <summary>Completes the close handshake the server started, as a well-behaved client does (RFC 6455 §5.5.1).</summary>
    private async Task AnswerCloseAsync()
    {
        if (Socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
        }
        catch (WebSocketException)
        {
            // The server already gave up on the handshake.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Socket.Abort();
        Socket.Dispose();
        await Task.CompletedTask;
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
