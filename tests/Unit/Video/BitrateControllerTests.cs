using OrleansBridge.Video;

namespace OrleansBridge.Tests.Video;

public sealed class BitrateControllerTests
{
    [Fact]
    public void Evaluate_LagStepsDownToTheLowerOfSeventyPercentAndMeasuredThroughput_NeverBelowMin()
    {
        var time = new ManualTimeProvider();
        var bitrate = new BitrateController(time, targetKbps: 4000, minKbps: 500, maxKbps: 8000);
        Assert.Null(bitrate.Evaluate(0, 0, 4)); // not a second yet
        time.Advance(TimeSpan.FromSeconds(1));
        bitrate.OnDropped();
        // The client acknowledged 250 kB in the second: 2000 kbit/s → 90% = 1800 < 70% of 4000.
        Assert.Equal(1800, bitrate.Evaluate(250_000, 4, 4));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(500, bitrate.Evaluate(260_000, 4, 4)); // 80 kbit/s measured: clamped to min
    }

    [Fact]
    public void Evaluate_FiveCleanSecondsStepUpByAQuarter_UpToMax()
    {
        var time = new ManualTimeProvider();
        var bitrate = new BitrateController(time, 6000, 500, 7000);
        int? changed = null;
        for (var second = 1; second <= 5; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            changed = bitrate.Evaluate(second * 1_000_000, 0, 4);
            Assert.True(second == 5 || changed is null, $"changed after {second} s");
        }

        Assert.Equal(7000, changed);
        Assert.Equal(7000, bitrate.Current);
    }
}
