namespace OrleansBridge.Video;

/// <summary>
/// An auto-reset signal: many sets before one wait count once. Awaitable (the send loop) and blocking
/// (the render loop, which owns a thread so that a render pass never holds a pool thread).
/// </summary>
internal sealed class AsyncSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set.
        }
        catch (ObjectDisposedException)
        {
            // Closed.
        }
    }

    /// <summary>Waits for the signal; false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, cancellationToken);

    /// <summary>Waits for the signal without a time limit.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    /// <summary>Blocks until the signal or <paramref name="timeout"/> (infinite: <see cref="Timeout.InfiniteTimeSpan"/>).</summary>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.Wait(timeout == Timeout.InfiniteTimeSpan || timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
