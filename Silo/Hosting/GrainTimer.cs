namespace OrleansBridge.Silo.Hosting;

/// <summary>A grain timer: each tick runs as a turn of its activation, never concurrently with a call.</summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly GrainHost _host;
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private int _disposed;

    public GrainTimer(GrainHost host, GrainActivation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _host = host;
        _activation = activation;
        _callback = callback;
        _timer = host.Time.CreateTimer(static state => ((GrainTimer)state!).Tick(), this, dueTime, period);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
        }
    }

    private void Tick()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _ = _host.RunTimerTurnAsync(_activation, this, _callback);
        }
    }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
}
