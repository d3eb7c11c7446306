using Orleans;
using Orleans.Concurrency;

namespace OrleansBridge.Rendering;

/// <summary>
/// Told after every pass of a progressive render: an Orleans grain observer, so a render on a render
/// silo reports to the job on the session's silo. One-way: a caller that is gone never holds up a render.
/// </summary>
[Alias("bridge.render-progress")]
public interface IRenderProgress : IGrainObserver
{
    /// <summary>
    /// <paramref name="samplesPerPixel"/> accumulated of <paramref name="targetSamplesPerPixel"/> (or the
    /// most a time budget allows), after <paramref name="elapsed"/>; <paramref name="fraction"/> is 0..1
    /// of the samples or of the time budget, whichever ends the render first.
    /// </summary>
    [OneWay]
    Task ReportAsync(int samplesPerPixel, int targetSamplesPerPixel, TimeSpan elapsed, double fraction);
}
