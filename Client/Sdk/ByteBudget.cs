namespace OrleansBridge.Client;

/// <summary>
/// A first-come-first-served budget of bytes: requests wait here until the server's maxInFlightBytes
/// leaves room, so a well-behaved client never draws <see cref="Protocol.ErrorCode.TooManyInFlight"/>.
/// </summary>
internal sealed class ByteBudget
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly long _capacity;
    private long _available;

    public ByteBudget(long capacity)
    {
        _capacity = capacity;
        _available = capacity;
    }

    /// <summary>Takes <paramref name="bytes"/> (at most the capacity), waiting in line if needed.</summary>
    public Task<long> TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        bytes = Math.Min(bytes, _capacity);
        lock (_gate)
        {
            if (_waiters.Count == 0 && _available >= bytes)
            {
                _available -= bytes;
                return Task.FromResult(bytes);
            }

            var waiter = new Waiter(bytes);
            var node = _waiters.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.Register(() => Cancel(node, cancellationToken));
            }

            return waiter.Completion.Task;
        }
    }

    /// <summary>Gives bytes back and admits waiters in order.</summary>
    public void Release(long bytes)
    {
        var admitted = new List<Waiter>();
        lock (_gate)
        {
            _available = Math.Min(_capacity, _available + bytes);
            while (_waiters.First is { } first && first.Value.Bytes <= _available)
            {
                _available -= first.Value.Bytes;
                _waiters.RemoveFirst();
                admitted.Add(first.Value);
            }
        }

        foreach (var waiter in admitted)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(waiter.Bytes);
        }
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return; // Already admitted.
            }

            _waiters.Remove(node);
        }

        node.Value.Completion.TrySetCanceled(cancellationToken);
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}
