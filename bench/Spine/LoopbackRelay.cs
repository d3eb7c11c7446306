using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// A TCP relay on 127.0.0.1 between the SDK and the server, so the bench can fail the network itself:
/// <see cref="CutAll"/> resets both legs of every relayed connection at once, which both peers see
/// as a lost connection, with no Close message from either side.
/// </summary>
internal sealed class LoopbackRelay : IAsyncDisposable
{
    /// <summary>Per direction; larger than any frame the resume figure sends.</summary>
    private const int BufferBytes = 64 << 10;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Socket, Socket> _pairs = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly EndPoint _target;
    private readonly Task _accepting;

    public LoopbackRelay(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _target = new IPEndPoint(IPAddress.Parse(server.Host), server.Port);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Url = new UriBuilder(server) { Port = port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>The server's address with the relay's port.</summary>
    public Uri Url { get; }

    /// <summary>Resets every relayed connection (RST on both legs); returns how many it cut.</summary>
    public int CutAll()
    {
        // A snapshot: enumerating live could meet the SDK's reconnection, made while this thread was
        // preempted mid-loop, and cut it too.
        var cut = 0;
        foreach (var (client, upstream) in _pairs.ToArray())
        {
            if (_pairs.TryRemove(client, out _))
            {
                Reset(client);
                Reset(upstream);
                cut++;
            }
        }

        return cut;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            _pairs[client] = upstream;
            await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Cut, or one side went away: the other side sees it as the network failing.
        }
        finally
        {
            _pairs.TryRemove(client, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[BufferBytes];
        int read;
        while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
        }

        to.Shutdown(SocketShutdown.Send); // Pass the peer's orderly close on.
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0); // Close with RST, as a failed link.
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
    }
}
