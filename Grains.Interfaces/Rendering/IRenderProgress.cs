namespace OrleansBridge.Rendering;

/// <summary>Told after every pass of a progressive render.</summary>
public interface IRenderProgress : Hosting.IProcessLocal
{
    /// <summary>
    /// <paramref name="samplesPerPixel"/> accumulated of <paramref name="targetSamplesPerPixel"/> (or the
    /// most a time budget allows), after <paramref name="elapsed"/>; <paramref name="fraction"/> is 0..1
    /// of the samples or of the time budget, whichever ends the render first.
    /// </summary>
    ValueTask ReportAsync(int samplesPerPixel, int targetSamplesPerPixel, TimeSpan elapsed, double fraction);
}
