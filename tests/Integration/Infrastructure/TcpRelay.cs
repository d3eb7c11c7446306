using System.Net;
using System.Net.Sockets;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay between client and server. <see cref="DropAll"/> resets every relayed
/// connection at once (RST, no close handshake): a real network failure, seen by both ends as such.
/// The relay keeps listening, so a client can reconnect through it. It counts the bytes it carries
/// each way, which is how tests prove what went over the wire (WebSocket framing included).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly List<(Socket A, Socket B)> _pairs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _accepted;
    private long _toServer;
    private long _toClient;

    public TcpRelay(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many client connections the relay has accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Bytes relayed from clients to the server so far, over every connection.</summary>
    public long BytesToServer => Interlocked.Read(ref _toServer);

    /// <summary>Bytes relayed from the server to clients so far.</summary>
    public long BytesToClient => Interlocked.Read(ref _toClient);

    /// <summary>Resets every relayed connection.</summary>
    public void DropAll()
    {
        lock (_pairs)
        {
            foreach (var (a, b) in _pairs)
            {
                Reset(a);
                Reset(b);
            }

            _pairs.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
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

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            await server.ConnectAsync(_target, _stop.Token);
            lock (_pairs)
            {
                _pairs.Add((client, server));
            }

            Interlocked.Increment(ref _accepted);
            _ = PumpAsync(client, server, toServer: true);
            _ = PumpAsync(server, client, toServer: false);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                Interlocked.Add(ref toServer ? ref _toServer : ref _toClient, read);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Reset(from);
            Reset(to);
        }
    }
}
