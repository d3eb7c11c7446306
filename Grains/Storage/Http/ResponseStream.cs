namespace OrleansBridge.Storage.Http;

/// <summary>
/// A read-only stream over an HTTP response body that knows the body's length and disposes the
/// response with itself, so that a cache entry read from a remote store looks like a file to its reader.
/// </summary>
internal sealed class ResponseStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly IDisposable _owner;
    private readonly long _length;
    private long _position;

    public ResponseStream(Stream inner, long length, IDisposable owner)
    {
        _inner = inner;
        _length = length;
        _owner = owner;
    }

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Advance(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Advance(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await _inner.ReadAsync(buffer, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _owner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Advance(int read)
    {
        _position += read;
        return read;
    }
}
