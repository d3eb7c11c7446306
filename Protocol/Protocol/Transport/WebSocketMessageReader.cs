using System.Buffers;
using System.Net.WebSockets;

namespace OrleansBridge.Protocol.Transport;

/// <summary>What one read from the socket produced.</summary>
public enum ReadOutcome
{
    /// <summary>A whole binary message.</summary>
    Binary,
    /// <summary>A whole text message (not part of the protocol).</summary>
    Text,
    /// <summary>The peer's WebSocket close frame.</summary>
    Closed,
    /// <summary>The message passed the size limit; reading stopped there.</summary>
    TooLarge,
}

/// <summary>
/// Reads whole WebSocket messages into one pooled buffer that grows up to the size limit and is
/// reused for every message, so steady-state receiving allocates nothing. Kestrel's request limits
/// do not apply to an upgraded connection, so the cap is enforced here, before buffering past it.
/// </summary>
public sealed class WebSocketMessageReader : IDisposable
{
    private const int InitialSize = 4096;
    private readonly int _maxMessageBytes;
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a reader that refuses messages over <paramref name="maxMessageBytes"/>.</summary>
    public WebSocketMessageReader(int maxMessageBytes)
    {
        _maxMessageBytes = maxMessageBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    }

    /// <summary>The last message read; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _length);

    /// <summary>Reads the next whole message into <see cref="Message"/>.</summary>
    public async ValueTask<ReadOutcome> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _length = 0;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                if (_length > _maxMessageBytes)
                {
                    return ReadOutcome.TooLarge;
                }

                Grow();
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(_length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ReadOutcome.Closed;
            }

            _length += result.Count;
            if (_length > _maxMessageBytes)
            {
                return ReadOutcome.TooLarge;
            }

            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? ReadOutcome.Text : ReadOutcome.Binary;
            }
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow()
    {
        // One byte past the limit is enough to tell "too large" from "exactly at the limit".
        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, _maxMessageBytes + 1L));
        _buffer.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
