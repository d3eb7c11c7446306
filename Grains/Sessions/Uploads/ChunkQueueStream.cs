using System.Threading.Channels;
using OrleansBridge.Storage;

namespace OrleansBridge.Sessions.Uploads;

/// <summary>
/// The content of an upload as the cache reads it: a forward-only stream over the chunks the session
/// queues as they arrive. It ends when the final chunk has been read; a read waits while the client's
/// next chunk is on its way (or while its session is PENDING and the client reconnects). Each chunk
/// is released to the pool, and its request answered, as soon as it has been read whole.
/// </summary>
internal sealed class ChunkQueueStream : ReadOnlyStream
{
    private readonly ChannelReader<UploadChunk> _chunks;
    private UploadChunk? _current;
    private int _position;

    public ChunkQueueStream(ChannelReader<UploadChunk> chunks) => _chunks = chunks;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_current is { } chunk)
            {
                var count = Math.Min(buffer.Length, chunk.Length - _position);
                chunk.From(_position)[..count].CopyTo(buffer.Span);
                _position += count;
                if (_position == chunk.Length)
                {
                    chunk.Release(consumed: true);
                    _current = null;
                    _position = 0;
                }

                if (count > 0)
                {
                    return count;
                }

                continue; // An empty chunk (an empty final one): go on to the next, or the end.
            }

            if (!await _chunks.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            _chunks.TryRead(out _current);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Upload content is read asynchronously.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The cache stopped reading before the end (the entry was present, or the put failed).
            _current?.Release(consumed: false);
            _current = null;
        }

        base.Dispose(disposing);
    }
}
