namespace OrleansBridge.Cli.Commands;

/// <summary>The <c>--json</c> output of <c>bridge render</c> and <c>bridge render-local</c>.</summary>
/// <param name="Out">The file written.</param>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Spp">Samples per pixel rendered.</param>
/// <param name="RenderSeconds">Wall time of the render passes (import, scene build, encoding and transfer excluded).</param>
/// <param name="SamplesPerSecond">Width × height × spp / render seconds.</param>
internal sealed record RenderOutput(string Out, int Width, int Height, int Spp, double RenderSeconds, double SamplesPerSecond);
