using System.Diagnostics;
using OrleansBridge.Client;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// a) Handshake to CONNECTED: sequential <see cref="BridgeClient.ConnectAsync"/> calls, each timed from
/// before the call to its completion (WebSocket upgrade, Hello, admission, session start, Welcome;
/// the SDK is Connected then). Each session is closed, untimed, before the next connect, so every
/// connect meets the same server state.
/// </summary>
internal static class HandshakeFigure
{
    public const int WarmUp = 20;

    public static async Task<LatencySummary> RunAsync(Uri url, string token, int count, CancellationToken cancellationToken)
    {
        var options = new BridgeClientOptions();
        var recorder = new LatencyRecorder(count);
        for (var i = 0; i < WarmUp + count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var session = await BridgeClient.ConnectAsync(url, token, options, cancellationToken);
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (session.State != ClientState.Connected)
            {
                throw new InvalidOperationException($"ConnectAsync returned in state {session.State}.");
            }

            if (i >= WarmUp)
            {
                recorder.Record(elapsed);
            }

            await session.DisposeAsync();
        }

        return recorder.Summarize();
    }
}
