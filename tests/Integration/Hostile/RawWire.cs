using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace OrleansBridge.Tests.Hostile;

/// <summary>
/// A WebSocket spoken by hand over a TCP socket (RFC 6455), so a test can send what no WebSocket
/// library would: lengths that lie, unmasked or reserved-bit frames, partial upgrades.
/// </summary>
public sealed class RawWire : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWire(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Opens a TCP connection without saying anything yet.</summary>
    public static async Task<RawWire> OpenAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        return new RawWire(tcp);
    }

    /// <summary>Opens a connection and upgrades it to a WebSocket on <paramref name="path"/>; returns the HTTP status line.</summary>
    public static async Task<RawWire> UpgradeAsync(int port, string path, string token)
    {
        var wire = await OpenAsync(port);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await wire.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n"));
        var head = await wire.ReadHttpHeadAsync();
        Assert.True(head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal), $"upgrade refused: {head}");
        return wire;
    }

    /// <summary>Writes raw bytes.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>
    /// Writes one WebSocket frame with a header as given: <paramref name="declaredLength"/> may differ from
    /// <paramref name="payload"/>'s, and masking and the reserved bits are the caller's choice.
    /// </summary>
    public Task WriteFrameAsync(int opcode, ReadOnlySpan<byte> payload, long? declaredLength = null, bool fin = true, bool masked = true, int reserved = 0) =>
        WriteAsync(Frame(opcode, payload, declaredLength ?? payload.Length, fin, masked, reserved));

    /// <summary>Reads WebSocket frames until a close frame; returns its status, or null when the connection ended without one.</summary>
    public async Task<int?> ReadUntilCloseAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            var header = new byte[14];
            while (true)
            {
                await _stream.ReadExactlyAsync(header.AsMemory(0, 2), timeout.Token);
                var opcode = header[0] & 0x0F;
                long length = header[1] & 0x7F;
                if (length == 126)
                {
                    await _stream.ReadExactlyAsync(header.AsMemory(2, 2), timeout.Token);
                    length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                }
                else if (length == 127)
                {
                    await _stream.ReadExactlyAsync(header.AsMemory(2, 8), timeout.Token);
                    length = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(2));
                }

                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload, timeout.Token);
                if (opcode == 0x8)
                {
                    return payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or SocketException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A frame as bytes; the mask key is random, as RFC 6455 §5.3 asks.</summary>
    public static byte[] Frame(int opcode, ReadOnlySpan<byte> payload, long declaredLength, bool fin = true, bool masked = true, int reserved = 0)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | (reserved << 4) | opcode) };
        var mask = masked ? 0x80 : 0;
        if (declaredLength < 126)
        {
            header.Add((byte)(mask | (int)declaredLength));
        }
        else if (declaredLength <= ushort.MaxValue)
        {
            header.Add((byte)(mask | 126));
            header.Add((byte)(declaredLength >> 8));
            header.Add((byte)declaredLength);
        }
        else
        {
            header.Add((byte)(mask | 127));
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                header.Add((byte)((ulong)declaredLength >> shift));
            }
        }

        var key = masked ? RandomNumberGenerator.GetBytes(4) : [];
        header.AddRange(key);
        var frame = new byte[header.Count + payload.Length];
        header.CopyTo(frame);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header.Count + i] = masked ? (byte)(payload[i] ^ key[i % 4]) : payload[i];
        }

        return frame;
    }

    private async Task<string> ReadHttpHeadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 16_384)
        {
            await _stream.ReadExactlyAsync(one, timeout.Token);
            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                break;
            }
        }

        return Encoding.ASCII.GetString([.. head]);
    }
}
