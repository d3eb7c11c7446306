using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Video;

/// <summary>
/// The coarse first frame after a change, as Cycles' viewport starts at a reduced resolution ("start
/// pixel size") and refines: the first pass renders one sample per block of pixelSize × pixelSize
/// pixels, upscaled to the full size, so the first picture of a new view comes within the frame
/// budget however large the frame; full-resolution passes follow. The pixel size comes from the
/// measured time per pixel sample of the passes so far.
/// </summary>
internal static class CoarsePreview
{
    /// <summary>Largest block: a 1280×720 frame is still 40×23 samples, enough to see where things are.</summary>
    public const int MaxPixelSize = 32;

    /// <summary>
    /// The time per pixel sample assumed before anything was measured by a context opened again after its
    /// render silo was lost: a client is waiting on a gap, so its first frame is coarse rather than a
    /// full-resolution pass of unknown cost (what a cold render silo's first 640×360 pass of the bench
    /// scene measured on two shared cores, 1.2–1.9 s, is about 5 µs per pixel sample).
    /// </summary>
    public const double ReopenedSecondsPerSample = 4e-6;

    /// <summary>
    /// The smallest pixel size whose one-sample pass of a <paramref name="width"/> × <paramref name="height"/>
    /// frame fits <paramref name="budget"/> at <paramref name="secondsPerSample"/> (wall time per pixel
    /// sample of a pass). 1 (full resolution) when it fits already or nothing was measured yet.
    /// </summary>
    public static int PixelSize(int width, int height, double secondsPerSample, TimeSpan budget)
    {
        if (secondsPerSample <= 0 || budget <= TimeSpan.Zero)
        {
            return 1;
        }

        var full = (double)width * height * secondsPerSample;
        if (full <= budget.TotalSeconds)
        {
            return 1;
        }

        // (w/s)·(h/s)·t ≤ budget ⇔ s ≥ √(w·h·t / budget).
        var size = (int)Math.Ceiling(Math.Sqrt(full / budget.TotalSeconds));
        return Math.Clamp(size, 2, Math.Min(MaxPixelSize, Math.Max(2, Math.Min(width, height) / 2)));
    }

    /// <summary>The coarse image's size for <paramref name="pixelSize"/>: the full size divided, rounded up.</summary>
    public static (int Width, int Height) CoarseSize(int width, int height, int pixelSize) =>
        (Math.Max(1, (width + pixelSize - 1) / pixelSize), Math.Max(1, (height + pixelSize - 1) / pixelSize));

    /// <summary>
    /// Nearest-neighbour upscale of <paramref name="coarse"/> over all of <paramref name="full"/>: the
    /// coarse image was rendered with the full frame's aspect ratio, so coarse column i covers full
    /// columns [i·W/w, (i+1)·W/w), rows likewise (blocks, as Cycles shows them).
    /// </summary>
    public static void Upscale(LinearImage coarse, LinearImage full)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        ArgumentNullException.ThrowIfNull(full);
        var source = coarse.Pixels;
        var target = full.Pixels;
        for (var y = 0; y < full.Height; y++)
        {
            var sourceRow = (int)((long)y * coarse.Height / full.Height) * coarse.Width;
            var targetRow = y * full.Width;
            for (var x = 0; x < full.Width; x++)
            {
                var s = (sourceRow + (int)((long)x * coarse.Width / full.Width)) * 3;
                var t = (targetRow + x) * 3;
                target[t] = source[s];
                target[t + 1] = source[s + 1];
                target[t + 2] = source[s + 2];
            }
        }
    }
}
