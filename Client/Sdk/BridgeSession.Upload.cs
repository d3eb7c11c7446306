using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using OrleansBridge.Cache;
using OrleansBridge.Protocol;
using OrleansBridge.Protocol.Messages;

namespace OrleansBridge.Client;

/// <summary>Uploads into the server's content-addressed cache (docs/protocol.md §6.3).</summary>
public sealed partial class BridgeSession
{
    /// <summary>Room left in a chunk's message for the header, the bulk prefix and the JSON part.</summary>
    private const int ChunkOverheadBytes = 1024;

    /// <summary>How long a cancelled upload waits for the server to confirm that the partial entry is gone.</summary>
    private static readonly TimeSpan CancelUploadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Bytes hashed between two hashing progress reports.</summary>
    private const int HashReportBytes = 8 << 20;

    /// <summary>Uploads a file; see <see cref="UploadAsync(Stream, IProgress{UploadProgress}?, CancellationToken)"/>.</summary>
    public async Task<UploadResult> UploadAsync(string path, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await UploadAsync(file, progress, cancellationToken);
    }

    /// <summary>
    /// Puts the content from the stream's position to its end into the server's cache and returns its
    /// key. It hashes first, asks the server whether the entry is missing, and sends it only then, in
    /// chunks bounded by the server's limits; a reconnect in between resumes without resending what the
    /// server acknowledged. A stream that cannot seek is copied to a temporary file while it is hashed.
    /// Throws <see cref="BridgeRequestException"/> with the server's code when it refuses (4502 hash
    /// mismatch, 4503 too large, 4506 quota …); cancelling drops the partial upload on the server.
    /// </summary>
    public async Task<UploadResult> UploadAsync(Stream content, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await using (spool)
            {
                await content.CopyToAsync(spool, cancellationToken);
                spool.Position = 0;
                return await UploadAsync(spool, progress, cancellationToken);
            }
        }

        var start = content.Position;
        var length = content.Length - start;
        var hash = await HashAsync(content, length, progress, cancellationToken);
        progress?.Report(new UploadProgress(UploadPhase.Querying, length, length, 0));
        var query = await SendAsync(CacheMethods.Query, new CacheQueryParams([hash.ToString()]), ProtocolJson.Default.CacheQueryParams, cancellationToken);
        var missing = Result(query, ProtocolJson.Default.CacheQueryResult).Missing.Count > 0;
        var (sent, cached) = (0L, true);
        if (missing)
        {
            content.Position = start;
            (sent, cached) = await SendChunksAsync(content, hash, length, progress, cancellationToken);
        }

        progress?.Report(new UploadProgress(UploadPhase.Done, length, length, sent));
        return new UploadResult(hash, length, sent, cached);
    }

    private static async Task<ContentHash> HashAsync(Stream content, long length, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long hashed = 0, reported = 0;
            progress?.Report(new UploadProgress(UploadPhase.Hashing, length, 0, 0));
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                hashed += read;
                if (hashed - reported >= HashReportBytes)
                {
                    progress?.Report(new UploadProgress(UploadPhase.Hashing, length, hashed, 0));
                    reported = hashed;
                }
            }

            return ContentHash.FromDigest(sha.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends every chunk, pipelined within the in-flight budget; returns the bytes sent and whether the entry was present.</summary>
    private async Task<(long Sent, bool Cached)> SendChunksAsync(Stream content, ContentHash hash, long length, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        var key = hash.ToString();
        var chunkBytes = (int)Math.Max(1, Math.Min(_options.UploadChunkBytes, (Limits?.MaxMessageBytes ?? int.MaxValue) - ChunkOverheadBytes));
        var unanswered = new Queue<Task<BridgeResponse>>();
        long offset = 0;
        CacheUploadResult? done = null;
        try
        {
            do
            {
                while (done is null && unanswered.TryPeek(out var first) && first.IsCompleted)
                {
                    done = Settle(await unanswered.Dequeue(), length, offset, progress);
                }

                if (done is not null)
                {
                    break;
                }

                var count = (int)Math.Min(chunkBytes, length - offset);
                var requestId = NextRequestId();
                var parameters = new CacheUploadParams(key, offset, offset == 0 ? length : null, Final: offset + count == length);
                var frame = Frames.BulkRequest(requestId, CacheMethods.Upload, parameters, ProtocolJson.Default.CacheUploadParams, count, out var at);
                await content.ReadExactlyAsync(frame.AsMemory(at, count), cancellationToken);
                unanswered.Enqueue(await PostAsync(requestId, frame, cancellationToken));
                offset += count;
            }
            while (offset < length);

            while (done is null && unanswered.TryDequeue(out var next))
            {
                done = Settle(await next.WaitAsync(cancellationToken), length, offset, progress);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelUploadAsync(key);
            throw;
        }

        var result = done ?? throw new BridgeRequestException(ErrorCode.InternalError, "The server answered every chunk without completing the entry.");
        return (offset, result.Stored != true);
    }

    /// <summary>
    /// Asks the server to drop the partial entry and waits a little for its answer, so that a caller
    /// whose upload was cancelled finds nothing of it left. Best effort: if the server cannot answer in
    /// time (a reconnect under way), the partial entry goes when the session closes.
    /// </summary>
    private async Task CancelUploadAsync(string key)
    {
        try
        {
            await SendAsync(CacheMethods.Cancel, new CacheCancelParams(key), ProtocolJson.Default.CacheCancelParams, CancellationToken.None)
                .WaitAsync(CancelUploadTimeout, _options.Time);
        }
        catch (TimeoutException)
        {
            // Left to the session's close.
        }
    }

    /// <summary>Reads one chunk's answer: throws its error, reports progress, returns the result once the entry is done.</summary>
    private static CacheUploadResult? Settle(BridgeResponse response, long length, long sent, IProgress<UploadProgress>? progress)
    {
        var result = Result(response, ProtocolJson.Default.CacheUploadResult);
        progress?.Report(new UploadProgress(UploadPhase.Uploading, length, result.Done ? length : result.Received, sent));
        return result.Done ? result : null;
    }

    private static T Result<T>(BridgeResponse response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class
    {
        if (!response.IsSuccess)
        {
            throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
        }

        return response.Result.Deserialize(info) ?? throw new BridgeRequestException(ErrorCode.MalformedBody, "The server's result did not have the expected shape.");
    }
}
