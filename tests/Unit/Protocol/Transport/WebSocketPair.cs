using System.IO.Pipelines;
using System.Net.WebSockets;

namespace OrleansBridge.Tests.Protocol.Transport;

/// <summary>Two WebSockets joined by in-memory pipes: protocol code tested without a network.</summary>
internal sealed class WebSocketPair : IDisposable
{
    public WebSocketPair()
    {
        // No writer backpressure: a test may send a whole large message before the other side reads.
        var options = new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        Server = WebSocket.CreateFromStream(new DuplexStream(toServer.Reader.AsStream(), toClient.Writer.AsStream()), isServer: true, subProtocol: null, Timeout.InfiniteTimeSpan);
        Client = WebSocket.CreateFromStream(new DuplexStream(toClient.Reader.AsStream(), toServer.Writer.AsStream()), isServer: false, subProtocol: null, Timeout.InfiniteTimeSpan);
    }

    public WebSocket Server { get; }

    public WebSocket Client { get; }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }

    /// <summary>Reads from one pipe and writes to the other.</summary>
    private sealed class DuplexStream(Stream input, Stream output) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => output.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
                output.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
