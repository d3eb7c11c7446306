namespace OrleansBridge.Tests.Video;

/// <summary>
/// Tests that measure frames per second run alone, after the parallel tests: a stream's rate is the
/// machine's spare CPU, and on two cores the browser, node and render tests running beside it would
/// starve the render loop and measure them instead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FrameRateCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Frame rate";
}
