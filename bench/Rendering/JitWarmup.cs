using System.Diagnostics;

namespace OrleansBridge.Bench.Rendering;

/// <summary>
/// Repeats a small render until the JIT has promoted the render path to optimised tier-1 code, so
/// that timed renders that last well under a second measure optimised code, not tier-0 or OSR code.
/// </summary>
internal static class JitWarmup
{
    /// <summary>Runs <paramref name="render"/> at least twice and for at least <paramref name="seconds"/>.</summary>
    public static void Run(Action render, double seconds = 1.5)
    {
        var clock = Stopwatch.StartNew();
        for (var runs = 0; runs < 2 || clock.Elapsed.TotalSeconds < seconds; runs++)
        {
            render();
        }
    }

    /// <inheritdoc cref="Run(Action, double)"/>
    public static async Task RunAsync(Func<Task> render, double seconds = 1.5)
    {
        var clock = Stopwatch.StartNew();
        for (var runs = 0; runs < 2 || clock.Elapsed.TotalSeconds < seconds; runs++)
        {
            await render();
        }
    }
}
