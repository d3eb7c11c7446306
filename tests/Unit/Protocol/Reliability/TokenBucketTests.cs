using OrleansBridge.Protocol.Reliability;

namespace OrleansBridge.Tests.Protocol.Reliability;

/// <summary>The message-rate limit (docs/protocol.md §5.3): one second of burst, refilled at the rate, on a manual clock.</summary>
public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_NewBucket_AllowsOneSecondOfBurstThenRefuses()
    {
        var bucket = new TokenBucket(10, new ManualTimeProvider());
        var taken = Enumerable.Range(0, 10).Count(_ => bucket.TryTake());
        Assert.True(taken == 10, $"a new bucket at 10/s should allow 10 at once, allowed {taken}");
        Assert.False(bucket.TryTake(), "the 11th message in the same instant must be refused");
    }

    [Fact]
    public void TryTake_AfterPartOfASecond_RefillsProportionally()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(10, time);
        Drain(bucket);

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(bucket.TryTake(), "99 ms at 10/s refills 0.99 of a token: not enough");

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake(), "100 ms at 10/s refills one token");
        Assert.False(bucket.TryTake(), "and only one");
    }

    [Fact]
    public void TryTake_AfterLongIdle_NeverHoldsMoreThanOneSecond()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(5, time);
        Drain(bucket);

        time.Advance(TimeSpan.FromHours(1));
        var taken = Enumerable.Range(0, 100).Count(_ => bucket.TryTake());
        Assert.True(taken == 5, $"after an hour idle the burst is still one second (5), allowed {taken}");
    }

    [Fact]
    public void TryTake_SteadyAtTheRate_IsNeverRefused()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(20, time);
        Drain(bucket);
        for (var i = 0; i < 200; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.True(bucket.TryTake(), $"message {i} at exactly 20/s should pass");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_RateBelowOne_Throws(int rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(rate, new ManualTimeProvider()));
    }

    private static void Drain(TokenBucket bucket)
    {
        var guard = 0;
        while (bucket.TryTake())
        {
            Assert.True(++guard < 1_000_000, "the bucket should run dry");
        }
    }
}
