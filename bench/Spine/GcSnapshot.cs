namespace OrleansBridge.Bench.Spine;

/// <summary>
/// The garbage collector's counters at one moment; the difference of two says how much a window
/// allocated and how often and how long it paused, to tell GC from the code in a latency tail.
/// </summary>
internal readonly record struct GcSnapshot(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long AllocatedBytes)
{
    public static GcSnapshot Take() => new(
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration(),
        GC.GetTotalAllocatedBytes(precise: false));

    public static GcSnapshot operator -(GcSnapshot after, GcSnapshot before) => new(
        after.Gen0 - before.Gen0,
        after.Gen1 - before.Gen1,
        after.Gen2 - before.Gen2,
        after.Paused - before.Paused,
        after.AllocatedBytes - before.AllocatedBytes);

    public override string ToString() =>
        $"GCs {Gen0}/{Gen1}/{Gen2} (gen0/1/2), paused {Paused.TotalMilliseconds:F0} ms";
}
