using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansBridge.Hosting;
using OrleansBridge.Silo.Hosting;
using OrleansBridge.Storage;

namespace OrleansBridge.Tests.Silo;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementSlowlyAsync();

    Task<int> GetActivationNumberAsync();

    Task StartTickingAsync(TimeSpan period);

    Task<int> GetTicksAsync();

    Task StopAsync();

    Task FailAsync();
}

public sealed class CounterGrain : ICounterGrain, IGrainBase
{
    private static int _activations;
    private readonly IGrainContext _context;
    private readonly GrainProbe _probe;
    private int _count;
    private int _activation;
    private int _ticks;

    public CounterGrain(IGrainContext context, GrainProbe probe)
    {
        _context = context;
        _probe = probe;
    }

    public Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activation = Interlocked.Increment(ref _activations);
        _probe.Activated.Add(_context.Key);
        return Task.CompletedTask;
    }

    public Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        _probe.Deactivated.Add(_context.Key);
        return Task.CompletedTask;
    }

    public async Task<int> IncrementSlowlyAsync()
    {
        _probe.Enter();
        var before = _count;
        await Task.Yield();
        await Task.Delay(1);
        _count = before + 1; // Lost updates would show if two turns interleaved here.
        _probe.Leave();
        return _count;
    }

    public Task<int> GetActivationNumberAsync() => Task.FromResult(_activation);

    public Task StartTickingAsync(TimeSpan period)
    {
        _context.RegisterTimer(_ =>
        {
            _ticks++;
            return Task.CompletedTask;
        }, period, period);
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task StopAsync()
    {
        _context.DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task FailAsync() => throw new InvalidOperationException("grain failure");
}

public sealed class GrainProbe
{
    private int _inside;
    private int _maxInside;

    public int MaxInside => Volatile.Read(ref _maxInside);

    public void Enter()
    {
        var inside = Interlocked.Increment(ref _inside);
        int seen;
        while (inside > (seen = Volatile.Read(ref _maxInside)) && Interlocked.CompareExchange(ref _maxInside, inside, seen) != seen)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref _inside);

    public System.Collections.Concurrent.ConcurrentBag<string> Activated { get; } = [];

    public System.Collections.Concurrent.ConcurrentBag<string> Deactivated { get; } = [];
}

public sealed class GrainHostTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly GrainProbe _probe = new();
    private readonly GrainHost _host;

    public GrainHostTests()
    {
        var services = new ServiceCollection().AddSingleton(_probe).BuildServiceProvider();
        _host = new GrainHost(
            [new GrainRegistration(typeof(ICounterGrain), typeof(CounterGrain))],
            services,
            new FolderGrainStorage(_directory.Path),
            _time,
            Options.Create(new GrainHostOptions { IdleTimeout = TimeSpan.FromMinutes(5), IdleCheckInterval = TimeSpan.FromMinutes(1) }),
            NullLogger<GrainHost>.Instance);
    }

    public void Dispose()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _directory.Dispose();
    }

    [Fact]
    public async Task Calls_ManyConcurrent_RunOneTurnAtATime()
    {
        var grain = _host.GetGrain<ICounterGrain>("a");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(grain.IncrementSlowlyAsync)));

        Assert.Equal(1, _probe.MaxInside);
        Assert.Equal(Enumerable.Range(1, 50), results.Order());
    }

    [Fact]
    public async Task GetGrain_FirstCall_ActivatesOnceAndKeysAreSeparate()
    {
        await _host.GetGrain<ICounterGrain>("a").IncrementSlowlyAsync();
        await _host.GetGrain<ICounterGrain>("a").IncrementSlowlyAsync();
        await _host.GetGrain<ICounterGrain>("b").IncrementSlowlyAsync();

        Assert.Equal(["a", "b"], _probe.Activated.Order());
        Assert.Equal(2, _host.ActivationCount);
    }

    [Fact]
    public async Task IdleTimeout_Passes_DeactivatesAndNextCallReactivates()
    {
        var grain = _host.GetGrain<ICounterGrain>("idle");
        var first = await grain.GetActivationNumberAsync();

        _time.Advance(TimeSpan.FromMinutes(7)); // The sweep runs inside Advance: the grain is idle, its gate free.
        Assert.Contains("idle", _probe.Deactivated);
        var second = await grain.GetActivationNumberAsync();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task DeactivateOnIdle_AfterTurn_DeactivatesAtOnce()
    {
        var grain = _host.GetGrain<ICounterGrain>("stop");
        await grain.IncrementSlowlyAsync();

        await grain.StopAsync();

        Assert.Contains("stop", _probe.Deactivated);
        Assert.Equal(0, _host.ActivationCount);
        Assert.Equal(1, await grain.IncrementSlowlyAsync()); // A fresh activation starts from zero.
    }

    [Fact]
    public async Task Timer_Ticks_RunAsTurnsAndStopWithDeactivation()
    {
        var grain = _host.GetGrain<ICounterGrain>("timer");
        await grain.StartTickingAsync(TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(35)); // Each tick runs as a turn inside Advance.
        Assert.Equal(3, await grain.GetTicksAsync());
        await grain.StopAsync();
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(0, await grain.GetTicksAsync()); // The new activation has no timer.
    }

    [Fact]
    public async Task Call_GrainThrows_ExceptionReachesCallerAndGrainKeepsServing()
    {
        var grain = _host.GetGrain<ICounterGrain>("fail");

        await Assert.ThrowsAsync<InvalidOperationException>(grain.FailAsync);

        Assert.Equal(1, await grain.IncrementSlowlyAsync());
    }
}
