using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansBridge.Client;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;
using OrleansBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Hostile;

/// <summary>
/// A hostile client over real sockets (the black-box probe of the server, made the project's own):
/// seeded random frames of every type, WebSocket lengths that lie, text, oversize messages, deep JSON,
/// hostile cache keys and slow upgrades. After each case the server has logged no error, a fresh
/// client still gets its echo, and the process's managed heap is back near where it was before the
/// case (the case is run once small first, so pools and caches are warm at the baseline).
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class HostileClientTests(ITestOutputHelper output)
{
    /// <summary>What the heap may hold after a case beyond its baseline: PENDING sessions' small outboxes, pooled buffers, logs.</summary>
    private const long HeapSlackBytes = 24 << 20;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private BridgeTestServer? _server;
    private CapturingLoggerProvider? _log;

    [Fact]
    public async Task RandomFrames_2000OfEveryTypeIncludingBulkAndMediaAck_NoServerErrorEchoServedHeapBack()
    {
        var frames = new HostileFrames(seed: 20261206);
        var closes = new Dictionary<string, int>(StringComparer.Ordinal);
        await RunCaseAsync(async count =>
        {
            var sent = 0;
            while (sent < count)
            {
                var (frameCount, close) = await RandomSessionAsync(frames, Math.Min(20, count - sent));
                sent += frameCount;
                var key = close?.ToString() ?? "none";
                closes[key] = closes.GetValueOrDefault(key) + 1;
            }
        }, warmUp: 100, full: 2000);
        output.WriteLine("WebSocket close statuses: " + string.Join(", ", closes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}×{c.Value}")));
        Assert.DoesNotContain(((int)ErrorCode.InternalError).ToString(System.Globalization.CultureInfo.InvariantCulture), closes.Keys);
    }

    [Fact]
    public async Task LyingWebSocketFrames_EveryConnectionEndsAndTheServerStaysWell()
    {
        var hello = Frames.Json(MessageType.Hello, FrameFlags.None, 0, RawClient.NewHello(), ProtocolJson.Default.Hello);
        Func<RawWire, Task>[] lies =
        [
            wire => wire.WriteFrameAsync(0x2, new byte[100], declaredLength: 1L << 30), // then the connection ends mid-message
            wire => wire.WriteFrameAsync(0x2, new byte[100], declaredLength: long.MinValue), // 64-bit length with the top bit set
            wire => wire.WriteFrameAsync(0x2, new byte[16], masked: false), // a client frame without a mask
            wire => wire.WriteFrameAsync(0x2, new byte[16], reserved: 0x4), // RSV1 with no extension
            wire => wire.WriteFrameAsync(0x9, new byte[200]), // a ping longer than a control frame may be
            wire => wire.WriteFrameAsync(0x0, new byte[16]), // a continuation with nothing to continue
            async wire =>
            {
                await wire.WriteFrameAsync(0x2, new byte[16], fin: false);
                await wire.WriteFrameAsync(0x2, new byte[16]); // a new message inside a fragmented one
            },
            wire => wire.WriteFrameAsync(0x8, new byte[1]), // a close frame with a 1-byte body
            wire => wire.WriteFrameAsync(0x3, new byte[16]), // a reserved opcode
        ];
        var ends = new List<int?>();
        await RunCaseAsync(async count =>
        {
            for (var i = 0; i < count; i++)
            {
                await using var wire = await RawWire.UpgradeAsync(Port, "/bridge", BridgeTestServer.Token);
                await wire.WriteFrameAsync(0x2, hello);
                await lies[i % lies.Length](wire);
                var end = i % lies.Length == 0 ? null : await wire.ReadUntilCloseAsync(Limit); // the first lie ends the connection itself
                lock (ends)
                {
                    ends.Add(end);
                }
            }
        }, warmUp: lies.Length, full: lies.Length * 5);
        output.WriteLine("close statuses: " + string.Join(", ", ends.Select(e => e?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")));
    }

    [Fact]
    public async Task OversizeMessages_RefusedWith4103InAndAfterTheHandshake_BuffersGiveBack()
    {
        var big = new byte[(4 << 20) + 4096];
        await RunCaseAsync(async count =>
        {
            for (var i = 0; i < count; i++)
            {
                // Sent in pieces of 64 KiB or less, so that this client's own send buffers stay out of the heap's count.
                await using var client = await RawClient.ConnectAsync(Url);
                if (i % 3 == 0)
                {
                    await SendInPiecesAsync(client.Socket, big, pieces: 80); // instead of Hello
                }
                else
                {
                    await client.WelcomeAsync(RawClient.NewHello());
                    await SendInPiecesAsync(client.Socket, big, pieces: i % 3 == 1 ? 80 : 1200);
                }

                var (close, status) = await client.ReadUntilClosedAsync();
                Assert.Equal(ErrorCode.MessageTooLarge, close?.Code);
                Assert.Equal((int)ErrorCode.MessageTooLarge, (int?)status);
            }
        }, warmUp: 3, full: 24);
    }

    [Fact]
    public async Task LargeMessages_TenConnectionsIdleAfterwards_HoldNoLargeBuffersEitherWay()
    {
        await using var server = _server = await BridgeTestServer.StartAsync();
        var sessions = new List<BridgeSession>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                sessions.Add(await BridgeClient.ConnectAsync(Url, BridgeTestServer.Token));
            }

            var large = JsonSerializer.SerializeToElement(new string('x', 3 << 20));
            Assert.Equal(3 << 20, (await sessions[0].RequestAsync("echo", large)).GetString()!.Length); // warms the pool
            var baseline = Heap();

            foreach (var session in sessions)
            {
                Assert.Equal(3 << 20, (await session.RequestAsync("echo", large)).GetString()!.Length);
            }

            // Every connection, here and in the server, received a 3 MiB message and now waits for the next.
            var after = Heap();
            output.WriteLine($"managed heap {baseline / 1e6:0.0} MB before, {after / 1e6:0.0} MB after 10 idle connections received 3 MiB each way");
            Assert.True(after - baseline < HeapSlackBytes, $"10 idle connections hold {(after - baseline) / 1e6:0.0} MB more after a 3 MiB message each way");
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }

        static long Heap()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return GC.GetTotalMemory(forceFullCollection: true);
        }
    }

    [Fact]
    public async Task TextAndDeepJson_RefusedWithTheirCodes()
    {
        var deepArrays = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));
        var deepObjects = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 50_000)) + "1" + new string('}', 50_000));
        (string What, bool AfterWelcome, byte[] Bytes, WebSocketMessageType Type, ErrorCode Code)[] cases =
        [
            ("text instead of Hello", false, "{\"protocolVersion\":1}"u8.ToArray(), WebSocketMessageType.Text, ErrorCode.TextMessageNotAllowed),
            ("text after Welcome", true, "hello"u8.ToArray(), WebSocketMessageType.Text, ErrorCode.TextMessageNotAllowed),
            ("Hello 100k arrays deep", false, Frame(MessageType.Hello, 0, Concat("{\"protocolVersion\":1,\"client\":"u8, deepArrays, "}"u8)), WebSocketMessageType.Binary, ErrorCode.MalformedBody),
            ("params 100k arrays deep", true, Frame(MessageType.Request, 1, Concat("{\"method\":\"echo\",\"params\":"u8, deepArrays, "}"u8)), WebSocketMessageType.Binary, ErrorCode.MalformedBody),
            ("params 50k objects deep", true, Frame(MessageType.Request, 1, Concat("{\"method\":\"echo\",\"params\":"u8, deepObjects, "}"u8)), WebSocketMessageType.Binary, ErrorCode.MalformedBody),
        ];
        await RunCaseAsync(async count =>
        {
            for (var i = 0; i < count; i++)
            {
                var (what, afterWelcome, bytes, type, code) = cases[i % cases.Length];
                await using var client = await RawClient.ConnectAsync(Url);
                if (afterWelcome)
                {
                    await client.WelcomeAsync(RawClient.NewHello());
                }

                await client.SendAsync(bytes, type);
                var (close, status) = await client.ReadUntilClosedAsync();
                Assert.True(close?.Code == code, $"{what}: expected {code}, got {close?.Code}");
                Assert.Equal((int)code, (int?)status);
            }
        }, warmUp: cases.Length, full: cases.Length * 6);
    }

    [Fact]
    public async Task HostileMethodsAndCacheKeys_AnsweredWithShortErrorsAndTheSessionContinues()
    {
        string[] keys = ["../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "ab\u0000cd", "аbcdef", new string('A', 64), new string('a', 63), new string('0', 65)];
        await RunCaseAsync(async count =>
        {
            await using var session = await BridgeClient.ConnectAsync(Url, BridgeTestServer.Token);
            for (var i = 0; i < count; i++)
            {
                var unknown = await session.SendAsync("m" + new string((char)('a' + (i % 26)), 1 << 20), default);
                Assert.Equal(ErrorCode.UnknownMethod, unknown.Error);
                var length = unknown.Message?.Length ?? 0;
                Assert.True(length is > 0 and <= ErrorText.MaxReasonChars + 1, $"a {length}-character error for a 1 MiB method name");
                var key = keys[i % keys.Length];
                var query = await session.SendAsync(CacheMethods.Query, JsonSerializer.SerializeToElement(new { hashes = new[] { key } }));
                Assert.True(query.Error == ErrorCode.CacheKeyInvalid, $"cache.query of '{key}': {query.Error} {query.Message}");
            }

            Assert.Equal(7, (await session.RequestAsync("echo", JsonSerializer.SerializeToElement(7))).GetInt32());
        }, warmUp: 2, full: 16);
    }

    [Fact]
    public async Task SlowUpgrades_50SilentWebSocketsAnd50UnfinishedHeaders_EchoServedMeanwhileSilentOnesRejected4105()
    {
        await RunCaseAsync(async count =>
        {
            var silent = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => RawClient.ConnectAsync(Url)));
            var unfinished = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
            {
                var wire = await RawWire.OpenAsync(Port);
                await wire.WriteAsync(Encoding.ASCII.GetBytes($"GET /bridge HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nUpgrade: websocket\r\nX-Slow: "));
                return wire;
            }));
            try
            {
                await AssertEchoAsync(); // while every one of them is held open

                var rejects = await Task.WhenAll(silent.Select(s => s.ReadUntilClosedAsync()));
                Assert.All(rejects, r => Assert.Equal((ErrorCode.HandshakeTimeout, (int?)ErrorCode.HandshakeTimeout), (r.Close?.Code, (int?)r.Status)));
            }
            finally
            {
                foreach (var client in silent)
                {
                    await client.DisposeAsync();
                }

                foreach (var wire in unfinished)
                {
                    await wire.DisposeAsync();
                }
            }
        }, warmUp: 5, full: 50);
    }

    private BridgeTestServer Server => _server ?? throw new InvalidOperationException("No server yet.");

    private Uri Url => Server.Url;

    private int Port => Server.Port;

    /// <summary>
    /// Starts a server, runs the case small (warm-up), takes the heap's baseline, runs it in full, then
    /// checks: no error logged, a fresh client's echo, no connection left, the heap back near the baseline.
    /// </summary>
    private async Task RunCaseAsync(Func<int, Task> hostile, int warmUp, int full)
    {
        _log = new CapturingLoggerProvider();
        await using var server = _server = await BridgeTestServer.StartAsync(
            new Dictionary<string, string?> { ["Bridge:Applications:bridge:HandshakeTimeout"] = "00:00:01" },
            s => s.AddSingleton<ILoggerProvider>(_log));

        await hostile(warmUp);
        await AssertEchoAsync();
        var baseline = await SettledHeapAsync();
        var clock = Stopwatch.StartNew();

        await hostile(full);

        var took = clock.Elapsed;
        await AssertEchoAsync();
        var after = await SettledHeapAsync();
        output.WriteLine($"{full} in {took.TotalSeconds:0.00} s; managed heap {baseline / 1e6:0.0} MB before, {after / 1e6:0.0} MB after");
        var errors = _log.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "the server logged errors: " + string.Join(" | ", errors.Take(5).Select(e => $"{e.EventId} {e.Message}")));
        Assert.True(after - baseline < HeapSlackBytes, $"the heap grew by {(after - baseline) / 1e6:0.0} MB over the case (slack {HeapSlackBytes / 1e6:0} MB)");
    }

    private async Task AssertEchoAsync()
    {
        await using var fresh = await BridgeClient.ConnectAsync(Url, BridgeTestServer.Token);
        var echoed = await fresh.RequestAsync("echo", JsonSerializer.SerializeToElement("still here"));
        Assert.Equal("still here", echoed.GetString());
        await fresh.CloseAsync();
    }

    /// <summary>Waits until no connection is open, then collects fully and reads the heap.</summary>
    private async Task<long> SettledHeapAsync()
    {
        using var timeout = new CancellationTokenSource(Limit);
        await Server.Connections.WaitForNoneAsync(timeout.Token);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>One connection: Hello, then up to <paramref name="count"/> hostile frames until the server closes; a Close if it did not.</summary>
    private async Task<(int Sent, int? Close)> RandomSessionAsync(HostileFrames frames, int count)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + BridgeTestServer.Token);
        using var timeout = new CancellationTokenSource(Limit);
        await socket.ConnectAsync(Url, timeout.Token);
        await socket.SendAsync(Frames.Json(MessageType.Hello, FrameFlags.None, 0, RawClient.NewHello(), ProtocolJson.Default.Hello), WebSocketMessageType.Binary, true, timeout.Token);
        var draining = DrainAsync(socket, timeout.Token);
        frames.NewSession();
        var sent = 0;
        try
        {
            while (sent < count && socket.State == WebSocketState.Open && !draining.IsCompleted)
            {
                await socket.SendAsync(frames.Next(), WebSocketMessageType.Binary, true, timeout.Token);
                sent++;
            }

            if (socket.State == WebSocketState.Open && !draining.IsCompleted)
            {
                await socket.SendAsync(Frames.Json(MessageType.Close, FrameFlags.None, 0, ErrorBody.Of(ErrorCode.SessionClosed), ProtocolJson.Default.ErrorBody),
                    WebSocketMessageType.Binary, true, timeout.Token);
            }
        }
        catch (WebSocketException)
        {
            // The server closed first: what the case is about.
        }

        return (Math.Max(sent, 1), await draining);
    }

    /// <summary>Reads and discards until the server's close; answers it; returns its status (null when the connection just ended).</summary>
    private static async Task<int?> DrainAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 << 10];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return (int?)socket.CloseStatus;
                }
            }
        }
        catch (WebSocketException)
        {
            return (int?)socket.CloseStatus;
        }
    }

    private static async Task SendInPiecesAsync(WebSocket socket, byte[] message, int pieces)
    {
        using var timeout = new CancellationTokenSource(Limit);
        var size = (message.Length + pieces - 1) / pieces;
        try
        {
            for (var offset = 0; offset < message.Length; offset += size)
            {
                var piece = message.AsMemory(offset, Math.Min(size, message.Length - offset));
                await socket.SendAsync(piece, WebSocketMessageType.Binary, offset + piece.Length == message.Length, timeout.Token);
            }
        }
        catch (WebSocketException)
        {
            // The server stopped reading at the limit and closed: the rest had nowhere to go.
        }
    }

    private static byte[] Frame(MessageType type, uint sequence, byte[] body)
    {
        var frame = new byte[FrameHeader.Size + body.Length];
        new FrameHeader(type, FrameFlags.None, 1, sequence, 0).Write(frame);
        body.CopyTo(frame, FrameHeader.Size);
        return frame;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, byte[] b, ReadOnlySpan<byte> c) => [.. a, .. b, .. c];
}
