using System.Net;
using System.Net.Sockets;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// A loopback TCP load balancer in front of several servers, as a cloud load balancer would be: each
/// new connection goes to the next target in turn; a target that refuses the connection (a killed
/// process) or that was taken out is skipped. It remembers where each connection went. Also linked
/// into the bench (bench/ScaleOut).
/// </summary>
public sealed class TcpBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<int> _targets;
    private readonly HashSet<int> _out = [];
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;

    public TcpBalancer(IEnumerable<int> targetPorts)
    {
        _targets = [.. targetPorts];
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The target port of the latest connection.</summary>
    public int LastTarget { get; private set; }

    /// <summary>Takes a target out of rotation (a failed health probe).</summary>
    public void TakeOut(int port)
    {
        lock (_out)
        {
            _out.Add(port);
        }
    }

    /// <summary>Replaces a target (a restarted silo on a new port).</summary>
    public void Replace(int oldPort, int newPort)
    {
        lock (_out)
        {
            _targets[_targets.IndexOf(oldPort)] = newPort;
            _out.Remove(oldPort);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

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

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            client.NoDelay = true;
            var server = await ConnectAnyAsync();
            if (server is null)
            {
                client.Dispose(); // no target alive: the client sees a failed connection and retries
                continue;
            }

            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task<Socket?> ConnectAnyAsync()
    {
        for (var attempt = 0; attempt < _targets.Count; attempt++)
        {
            int port;
            lock (_out)
            {
                port = _targets[_next++ % _targets.Count];
                if (_out.Contains(port))
                {
                    continue;
                }
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stop.Token);
                LastTarget = port;
                return server;
            }
            catch (SocketException)
            {
                server.Dispose();
            }
        }

        return null;
    }

    private static async Task PumpAsync(Socket from, Socket to)
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
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Reset(from);
            Reset(to);
        }
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
}
