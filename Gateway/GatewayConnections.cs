using System.Collections.Concurrent;
using OrleansBridge.Gateway.Connections;

namespace OrleansBridge.Gateway;

/// <summary>The live connections of this server, so shutdown can close them all with a clear code.</summary>
public sealed class GatewayConnections
{
    private readonly ConcurrentDictionary<string, ClientConnection> _connections = new();
    private TaskCompletionSource? _empty;

    /// <summary>How many WebSocket connections are open.</summary>
    public int Count => _connections.Count;

    internal void Add(ClientConnection connection) => _connections[connection.ConnectionId] = connection;

    internal void Remove(ClientConnection connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        lock (_connections)
        {
            if (_connections.IsEmpty && _empty is { } empty)
            {
                _empty = null;
                empty.TrySetResult();
            }
        }
    }

    /// <summary>Completes when no connection is open (drain).</summary>
    public Task WaitForNoneAsync(CancellationToken cancellationToken)
    {
        lock (_connections)
        {
            if (_connections.IsEmpty)
            {
                return Task.CompletedTask;
            }

            _empty ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _empty.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Closes every connection with ServerShuttingDown; their sessions go PENDING.</summary>
    public void CloseAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Shutdown();
        }
    }

    /// <summary>Closes the connections attached to a session, as if the network had failed (operators' drain, tests).</summary>
    public int DropSession(string sessionId)
    {
        var dropped = 0;
        foreach (var connection in _connections.Values)
        {
            if (connection.SessionId == sessionId)
            {
                connection.Shutdown();
                dropped++;
            }
        }

        return dropped;
    }
}
