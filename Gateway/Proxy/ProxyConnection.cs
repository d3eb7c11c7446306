using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansBridge.Applications;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Sessions;

namespace OrleansBridge.Gateway.Proxy;

/// <summary>
/// One client of a gateway process (<c>--role gateway</c>): reads its Hello, asks the cluster which silo
/// holds the session it resumes (any silo for a new one), opens a WebSocket to that silo's own gateway
/// with the client's credentials, sends the Hello on and then carries every message both ways unchanged
/// until either side closes. The silo's gateway does everything else: the handshake, the session's
/// move to it, limits. When the silo dies the client's socket is aborted, so the client resumes (through
/// any gateway) as after a drop.
/// </summary>
internal sealed partial class ProxyConnection(HttpContext context, WebSocket client, ApplicationSettings application, IGrainFactory cluster, ILogger logger)
{
    /// <summary>The largest fragment carried at once; messages are forwarded fragment by fragment, never buffered whole.</summary>
    private const int FragmentBytes = 64 * 1024;

    /// <summary>How long the two sides get to finish a close handshake after one of them started it.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var hello = ArrayPool<byte>.Shared.Rent(application.Limits.MaxMessageBytes + 1);
        try
        {
            int length;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(application.HandshakeTimeout);
                length = await ReadFirstMessageAsync(hello, deadline.Token);
            }

            if (length < 0)
            {
                await CloseAsync(client, ErrorCode.MessageTooLarge);
                return;
            }

            Uri? target;
            try
            {
                target = await RouteAsync(SessionOf(hello.AsSpan(0, length)));
            }
            catch (Exception ex) when (Hosting.ClusterFailure.IsTransient(ex))
            {
                target = null; // no silo answered
            }

            if (target is null)
            {
                await RejectAsync(ErrorCode.SessionMoved);
                return;
            }

            using var upstream = new ClientWebSocket();
            upstream.Options.CollectHttpResponseDetails = true;
            if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
            {
                upstream.Options.SetRequestHeader("Authorization", authorization);
            }

            if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin)
            {
                upstream.Options.SetRequestHeader("Origin", origin);
            }

            var uri = new Uri(target, $"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}");
            try
            {
                await upstream.ConnectAsync(uri, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
            {
                // Refused (draining, a token the silo rejects) or unreachable (it just died): the client is
                // told why in a Reject and tries again; a resume is never final here.
                var code = upstream.HttpResponseHeaders?.TryGetValue(Upgrade.UpgradeGate.ErrorHeader, out var values) == true
                    && int.TryParse(values.FirstOrDefault(), out var refused) ? (ErrorCode)refused : ErrorCode.SessionMoved;
                LogUpstreamRefused(logger, uri, (int)code);
                await RejectAsync(code);
                return;
            }

            await upstream.SendAsync(hello.AsMemory(0, length), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            var up = PumpAsync(client, upstream, cancellationToken);
            var down = PumpAsync(upstream, client, cancellationToken);
            await Task.WhenAny(up, down);
            var rest = Task.WhenAll(up, down);
            if (await Task.WhenAny(rest, Task.Delay(CloseGrace, cancellationToken)) != rest)
            {
                client.Abort();
                upstream.Abort();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            client.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(hello);
        }
    }

    /// <summary>The session a Hello resumes, or null for a new session or anything the silo should judge itself.</summary>
    private static string? SessionOf(ReadOnlySpan<byte> message)
    {
        if (!FrameHeader.TryRead(message, out var header, out _) || header.Type != MessageType.Hello)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(message[FrameHeader.Size..], ProtocolJson.Default.Hello)?.Resume?.SessionId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The silo to forward to: the session's, or any silo when it is new or its silo cannot be reached.</summary>
    private async Task<Uri?> RouteAsync(string? sessionId)
    {
        if (sessionId is { Length: > 0 and <= 64 })
        {
            try
            {
                if (await cluster.GetGrain<ISessionGrain>(sessionId).EndpointAsync() is { } endpoint)
                {
                    return endpoint;
                }
            }
            catch (Exception ex) when (Hosting.ClusterFailure.IsTransient(ex))
            {
                // Its silo died and is not declared dead yet: any silo's gateway waits for the cluster.
            }
        }

        return await cluster.GetGrain<IGatewayRouteGrain>(0).EndpointAsync();
    }

    /// <summary>Reads the client's first message whole; -1 when it is larger than a message may be.</summary>
    private async Task<int> ReadFirstMessageAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                return -1;
            }

            var read = await client.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (read.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
            }

            length += read.Count;
            if (read.EndOfMessage)
            {
                return length <= application.Limits.MaxMessageBytes ? length : -1;
            }
        }
    }

    /// <summary>Carries messages from one side to the other until it closes; a failure on either side aborts both.</summary>
    private static async Task PumpAsync(WebSocket from, WebSocket to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FragmentBytes);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await to.CloseOutputAsync(from.CloseStatus ?? WebSocketCloseStatus.NormalClosure, from.CloseStatusDescription, cancellationToken);
                    }

                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read.Count), read.MessageType, read.EndOfMessage, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // One side is gone without a close: so is the other, and the client resumes as after a drop.
            from.Abort();
            to.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task RejectAsync(ErrorCode code)
    {
        var body = new ErrorBody(code, ErrorCodes.Describe(code));
        await client.SendAsync(Frames.Json(MessageType.Reject, FrameFlags.None, 0, body, ProtocolJson.Default.ErrorBody), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        await CloseAsync(client, code);
    }

    private static async Task CloseAsync(WebSocket socket, ErrorCode code)
    {
        using var deadline = new CancellationTokenSource(CloseGrace);
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, code.ToString(), deadline.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    [LoggerMessage(EventId = Logging.LogEvents.ProxyUpstreamRefused, Level = LogLevel.Information, Message = "Gateway: the silo at {Target} did not take the connection ({Code}); the client is told so and tries again")]
    private static partial void LogUpstreamRefused(ILogger logger, Uri target, int code);
}
