using System.Net.WebSockets;
using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>
/// How one echo went: its answer, or the server's Close and WebSocket close status that came instead,
/// or neither because nothing came within the client's 30 s read limit (<see cref="Hung"/>).
/// </summary>
public sealed record EchoOutcome(JsonElement? Answer, ErrorBody? Close, WebSocketCloseStatus? Status, bool Hung)
{
    public void Deconstruct(out JsonElement? answer, out ErrorBody? close)
    {
        answer = Answer;
        close = Close;
    }

    /// <summary>The protocol code the server ended this connection with: the Close frame's, else the WebSocket close status.</summary>
    public int? EndCode => Close is { } close ? (int)close.Code : (int?)Status;
}

/// <summary>Reads a raw client's frames until the answer to one request, or the server's Close.</summary>
public static class RawSession
{
    /// <summary>Sends an echo and returns its answer's body, or the Close that came instead.</summary>
    public static Task<EchoOutcome> EchoAsync(RawClient client, uint sequence, uint requestId) =>
        CallAsync(client, sequence, requestId, "echo", JsonSerializer.SerializeToElement(new { n = requestId }));

    /// <summary>
    /// Sends <c>session.logs</c>, a request that changes the session (its log forwarding): with shared
    /// grain storage its answer is sent only once stored, unlike an echo's (docs/protocol.md §5.5).
    /// </summary>
    public static Task<EchoOutcome> StoredCallAsync(RawClient client, uint sequence, uint requestId) =>
        CallAsync(client, sequence, requestId, "session.logs", JsonSerializer.SerializeToElement(new { level = (string?)null }));

    /// <summary>Sends a request and returns its answer's body, or the Close that came instead.</summary>
    public static async Task<EchoOutcome> CallAsync(RawClient client, uint sequence, uint requestId, string method, JsonElement parameters)
    {
        try
        {
            await client.SendAsync(RawClient.Request(sequence, requestId, method, parameters));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            var (close, status) = await client.ReadUntilClosedAsync();
            return new EchoOutcome(null, close, status, Hung: false);
        }

        return await AnswerAsync(client, requestId);
    }

    public static async Task<EchoOutcome> AnswerAsync(RawClient client, uint requestId)
    {
        try
        {
            while (true)
            {
                var (header, body) = await client.ReceiveFrameAsync();
                if (header.Type == MessageType.Response && header.RequestId == requestId)
                {
                    return new EchoOutcome(JsonDocument.Parse(body).RootElement.Clone(), null, null, Hung: false);
                }

                if (header.Type == MessageType.Close)
                {
                    var close = JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody);
                    var (_, status) = await client.ReadUntilClosedAsync(); // the WebSocket close follows the Close frame
                    return new EchoOutcome(null, close, status, Hung: false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return new EchoOutcome(null, null, client.Socket.CloseStatus, Hung: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or WebSocketException)
        {
            return new EchoOutcome(null, null, client.Socket.CloseStatus, Hung: false);
        }
    }
}
