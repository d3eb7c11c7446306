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
/// Reads whole WebSocket messages into a buffer rented from <see cref="Pool"/>. A message longer than
/// the small buffer every reader starts with grows it, up to the size limit; the next read returns the
/// large buffer to the pool before it waits, so a connection that once received a 4 MiB message does not
/// keep 4 MiB while it idles, and large buffers are shared by whichever connections receive large
/// messages at the moment. Kestrel's request limits do not apply to an upgraded connection, so the cap
/// is enforced here, before buffering past it.
/// </summary>
public sealed class WebSocketMessageReader : IDisposable
{
    /// <summary>The buffer every reader holds between messages, and the size it shrinks back to.</summary>
    public const int InitialSize = 4096;

    /// <summary>
    /// The pool of receive buffers of all readers. Bounded: at most <see cref="PooledArraysPerSize"/> idle
    /// arrays of each power-of-two size up to <see cref="PooledMaxBytes"/> stay in it; buffers beyond that
    /// go to the garbage collector, so a burst of large messages leaves no high-water mark behind.
    /// </summary>
    public static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(PooledMaxBytes, PooledArraysPerSize);

    /// <summary>The largest buffer the pool keeps (the default 4 MiB message limit rounds up to 8 MiB).</summary>
    public const int PooledMaxBytes = 8 << 20;

    /// <summary>Idle buffers the pool keeps per size: a few concurrent large uploads reuse them.</summary>
    public const int PooledArraysPerSize = 4;

    private readonly int _maxMessageBytes;
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a reader that refuses messages over <paramref name="maxMessageBytes"/>.</summary>
    public WebSocketMessageReader(int maxMessageBytes)
    {
        _maxMessageBytes = maxMessageBytes;
        _buffer = Pool.Rent(InitialSize);
    }

    /// <summary>The last message read; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _length);

    /// <summary>Bytes of buffer this reader holds now (<see cref="InitialSize"/>, rounded up, between reads).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Reads the next whole message into <see cref="Message"/>.</summary>
    public async ValueTask<ReadOutcome> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _length = 0;
        if (_buffer.Length > InitialSize)
        {
            // The previous message is no longer valid: give its large buffer back before waiting.
            Replace(Pool.Rent(InitialSize));
        }

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
            Pool.Return(buffer);
        }
    }

    private void Grow()
    {
        // One byte past the limit is enough to tell "too large" from "exactly at the limit".
        var next = Pool.Rent((int)Math.Min((long)_buffer.Length * 2, _maxMessageBytes + 1L));
        _buffer.AsSpan(0, _length).CopyTo(next);
        Replace(next);
    }

    private void Replace(byte[] next)
    {
        var old = _buffer;
        _buffer = next;
        if (old.Length > 0)
        {
            Pool.Return(old);
        }
    }
}
