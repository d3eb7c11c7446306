using OrleansBridge.Client;

namespace OrleansBridge.Tests.Client;

public sealed class ByteBudgetTests
{
    [Fact]
    public async Task Take_WithinCapacity_CompletesAtOnce()
    {
        var budget = new ByteBudget(100);

        Assert.Equal(60, await budget.TakeAsync(60, CancellationToken.None));
        Assert.Equal(40, await budget.TakeAsync(40, CancellationToken.None));
    }

    [Fact]
    public async Task Take_OverCapacity_WaitsInOrderUntilReleased()
    {
        var budget = new ByteBudget(100);
        await budget.TakeAsync(90, CancellationToken.None);
        var big = budget.TakeAsync(50, CancellationToken.None);
        var small = budget.TakeAsync(5, CancellationToken.None);

        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted); // First come, first served: small waits behind big.
        budget.Release(90);

        Assert.Equal(50, await big);
        Assert.Equal(5, await small);
    }

    [Fact]
    public async Task Take_LargerThanCapacity_ClampedSoItCanEverProceed()
    {
        var budget = new ByteBudget(100);

        Assert.Equal(100, await budget.TakeAsync(1_000, CancellationToken.None));
    }

    [Fact]
    public async Task Take_Cancelled_RemovedFromLineAndLaterWaitersProceed()
    {
        var budget = new ByteBudget(10);
        await budget.TakeAsync(10, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.TakeAsync(10, cancel.Token);
        var next = budget.TakeAsync(3, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        budget.Release(10);

        Assert.Equal(3, await next);
    }
}
