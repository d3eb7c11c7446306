using System.Diagnostics;
using System.Text.Json;

namespace OrleansBridge.Jobs;

/// <summary>
/// <c>bandwidth.test</c>: pushes <c>downloadBytes</c> of filler as partial results (base64 in
/// <c>job.progress</c>, <c>chunkBytes</c> each) and reports the length of the <c>upload</c> payload
/// (base64) the client sent in its input. The server only knows when bytes enter the session's outbox,
/// not when they reach the client, so throughput is the client's to measure: from submit to
/// <c>job.completed</c> for download, the submit's round trip for upload (docs/jobs.md).
/// </summary>
internal sealed class BandwidthTestJob : IJob
{
    /// <summary>Download bytes at most: the filler passes through the session's bounded outbox.</summary>
    private const int MaxDownloadBytes = 16 << 20;

    public string Name => "bandwidth.test";

    public string Id => "orleansbridge.bandwidth-test/1";

    public async ValueTask<JobResult> RunAsync(JobContext context, JsonElement input)
    {
        BandwidthTestInput? parsed;
        try
        {
            parsed = input.ValueKind == JsonValueKind.Object ? input.Deserialize(JobStatsJson.Default.BandwidthTestInput) : new BandwidthTestInput();
        }
        catch (JsonException ex)
        {
            return JobResult.Fail(ErrorCode.InvalidArgument, $"The input does not parse: {ex.Message}");
        }

        if (parsed is null || parsed.DownloadBytes is < 0 or > MaxDownloadBytes || parsed.ChunkBytes is < 1 or > 1 << 20)
        {
            return JobResult.Fail(ErrorCode.InvalidArgument, $"input must be {{\"downloadBytes\": 0..{MaxDownloadBytes}, \"chunkBytes\": 1..1048576, \"upload\"?: base64}}.");
        }

        var uploadBytes = 0;
        if (parsed.Upload is { } upload)
        {
            var bytes = new byte[upload.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(upload, bytes, out uploadBytes))
            {
                return JobResult.Fail(ErrorCode.InvalidArgument, "upload must be base64.");
            }
        }

        var started = context.Time.GetTimestamp();
        var filler = new byte[Math.Min(parsed.ChunkBytes, Math.Max(parsed.DownloadBytes, 1))];
        var sent = 0;
        var chunks = 0;
        while (sent < parsed.DownloadBytes)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var length = Math.Min(filler.Length, parsed.DownloadBytes - sent);
            sent += length;
            chunks++;
            var partial = JsonSerializer.SerializeToElement(Convert.ToBase64String(filler, 0, length), JobJson.Default.String);
            await context.Progress.ReportAsync((double)sent / parsed.DownloadBytes, null, partial);
        }

        var seconds = context.Time.GetElapsedTime(started).TotalSeconds;
        Debug.Assert(sent == parsed.DownloadBytes);
        return JobResult.Ok(JsonSerializer.SerializeToElement(
            new BandwidthTestResult(sent, chunks, uploadBytes, seconds), JobStatsJson.Default.BandwidthTestResult));
    }
}
