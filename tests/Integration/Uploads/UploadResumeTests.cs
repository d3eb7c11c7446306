using OrleansBridge.Cache;
using OrleansBridge.Client;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.Uploads;

/// <summary>An upload across a network failure: the session resumes and the upload goes on where it was.</summary>
public sealed class UploadResumeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int MaxMessageBytes = 1 << 20;
    private const int MaxInFlightBytes = 4 << 20;

    [Fact]
    public async Task Upload_ConnectionResetMidway_ResumesWithoutResendingAcknowledgedChunks()
    {
        await using var server = await BridgeTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bridge:Applications:bridge:Limits:MaxMessageBytes"] = MaxMessageBytes.ToString(),
            ["Bridge:Applications:bridge:Limits:MaxInFlightBytes"] = MaxInFlightBytes.ToString(),
        });
        await using var relay = new TcpRelay(server.Port);
        await using var session = await BridgeClient.ConnectAsync(new Uri($"ws://127.0.0.1:{relay.Port}/bridge"), BridgeTestServer.Token);
        var data = TestContent.Random(32 << 20, seed: 7);
        long acknowledgedAtDrop = -1, upstreamAtDrop = 0;
        var progress = new SyncProgress(p =>
        {
            // Runs on the uploading thread as each answer arrives: drop once the server has taken half.
            if (p.Phase == UploadPhase.Uploading && acknowledgedAtDrop < 0 && p.ProcessedBytes >= data.Length / 2)
            {
                acknowledgedAtDrop = p.ProcessedBytes;
                upstreamAtDrop = relay.BytesToServer;
                relay.DropAll();
            }
        });

        var result = await session.UploadAsync(new MemoryStream(data), progress);

        Assert.True(acknowledgedAtDrop > 0, "the connection should have been reset during the upload");
        Assert.True(session.Resumes >= 1 && relay.Accepted >= 2, "the session should have resumed through a new connection");
        Assert.Equal(ContentHash.Compute(data), result.Hash);
        Assert.Equal(data, CacheFolder.Of(server).Read(result.Hash));
        Assert.Equal(data.Length, result.SentBytes); // each chunk counted once by the client

        // After the reset only the unacknowledged chunks (at most maxInFlightBytes) and the rest may travel again.
        var afterDrop = relay.BytesToServer - upstreamAtDrop;
        var allowed = data.Length - acknowledgedAtDrop + MaxInFlightBytes + (64 << 10);
        output.WriteLine($"content {data.Length}, acknowledged at the reset {acknowledgedAtDrop}, up before {upstreamAtDrop}, after {afterDrop}, allowed {allowed}, total {relay.BytesToServer}");
        Assert.True(afterDrop <= allowed,
            $"{afterDrop} bytes went up after the reset at {acknowledgedAtDrop} acknowledged bytes; at most {allowed} may (a restart would send {data.Length})");
        Assert.True(relay.BytesToServer < data.Length + MaxInFlightBytes + (256 << 10),
            $"{relay.BytesToServer} bytes went up in all for {data.Length} bytes of content");
    }
}
