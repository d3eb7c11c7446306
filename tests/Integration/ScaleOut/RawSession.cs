using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>Reads a raw client's frames until the answer to one request, or the server's Close.</summary>
public static class RawSession
{
    /// <summary>Sends an echo and returns its answer's body, or the Close that came instead (null body then).</summary>
    public static async Task<(JsonElement? Answer, ErrorBody? Close)> EchoAsync(RawClient client, uint sequence, uint requestId)
    {
        try
        {
            await client.SendAsync(RawClient.Request(sequence, requestId, "echo", JsonSerializer.SerializeToElement(new { n = requestId })));
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return (null, (await client.ReadUntilClosedAsync()).Close);
        }

        return await AnswerAsync(client, requestId);
    }

    public static async Task<(JsonElement? Answer, ErrorBody? Close)> AnswerAsync(RawClient client, uint requestId)
    {
        try
        {
            while (true)
            {
                var (header, body) = await client.ReceiveFrameAsync();
                if (header.Type == MessageType.Response && header.RequestId == requestId)
                {
                    return (JsonDocument.Parse(body).RootElement.Clone(), null);
                }

                if (header.Type == MessageType.Close)
                {
                    return (null, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody));
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            return (null, null);
        }
    }
}
