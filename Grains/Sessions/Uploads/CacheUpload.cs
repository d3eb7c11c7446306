using System.Threading.Channels;
using OrleansBridge.Cache;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// One upload in progress in one session: the chunks received so far stream into the cache's put as
/// they arrive, so the entry is hashed and written once, and it becomes visible only when the put has
/// verified the whole content. Chunks are appended inside the session's turn, in sequence order, which
/// the reliable channel makes exactly the client's order even across a resume. The queue needs no
/// bound of its own: every queued chunk is a request the session counts against maxInFlightBytes
/// until its answer, and the answer waits until the cache has read the chunk.
/// </summary>
internal sealed class CacheUpload : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Channel<UploadChunk> _chunks = Channel.CreateUnbounded<UploadChunk>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _abort = new();
    private bool _ended;
    private bool _finalReceived;

    private CacheUpload(ContentHash hash, long length)
    {
        Hash = hash;
        Length = length;
        Completion = Task.FromResult(CachePutResult.Fail(Protocol.ErrorCode.InternalError, "The upload was not started."));
    }

    /// <summary>The entry's key.</summary>
    public ContentHash Hash { get; }

    /// <summary>The entry's declared length.</summary>
    public long Length { get; }

    /// <summary>Bytes accepted so far: where the next chunk must start.</summary>
    public long Received { get; private set; }

    /// <summary>Unique per upload: the key of its quota reservation.</summary>
    public string ReservationId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The put's outcome; faults or cancels only for a bug or an abort.</summary>
    public Task<CachePutResult> Completion { get; private set; }

    /// <summary>Creates an upload and starts its put, which reads the chunks through a <see cref="ChunkQueueStream"/>.</summary>
    public static CacheUpload Start(ContentHash hash, long length, Func<CacheUpload, Stream, CancellationToken, Task<CachePutResult>> put)
    {
        ArgumentNullException.ThrowIfNull(put);
        var upload = new CacheUpload(hash, length);
        upload.Completion = upload.RunAsync(put);
        return upload;
    }

    /// <summary>
    /// Copies a chunk into the queue (the caller's bytes are not kept). Null when the upload has ended
    /// already (the entry turned out to be present, or the put failed), or its final chunk came before:
    /// answer from <see cref="Completion"/>.
    /// </summary>
    public UploadChunk? Append(ReadOnlySpan<byte> bytes, bool final)
    {
        lock (_gate)
        {
            if (_ended || _finalReceived)
            {
                return null;
            }

            var chunk = new UploadChunk(bytes);
            _chunks.Writer.TryWrite(chunk); // Unbounded: always succeeds while the writer is open.
            Received += bytes.Length;
            if (final)
            {
                _finalReceived = true;
                _chunks.Writer.TryComplete();
            }

            return chunk;
        }
    }

    /// <summary>Stops the put (cancel, restart, session closed); what was written is discarded by the cache.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            if (!_ended)
            {
                _abort.Cancel();
            }
        }
    }

    public void Dispose() => _abort.Dispose();

    private async Task<CachePutResult> RunAsync(Func<CacheUpload, Stream, CancellationToken, Task<CachePutResult>> put)
    {
        var content = new ChunkQueueStream(_chunks.Reader);
        try
        {
            await Task.Yield(); // The put runs outside the session's turn that started it.
            return await put(this, content, _abort.Token);
        }
        finally
        {
            lock (_gate)
            {
                _ended = true;
                _chunks.Writer.TryComplete();
            }

            await content.DisposeAsync();
            while (_chunks.Reader.TryRead(out var left))
            {
                left.Release(consumed: false);
            }
        }
    }
}
