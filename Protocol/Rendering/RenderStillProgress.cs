namespace OrleansBridge.Rendering;

/// <summary>The <c>partial</c> of a <c>render.still</c> progress event.</summary>
/// <param name="Spp">Samples per pixel so far.</param>
/// <param name="TargetSpp">Samples per pixel aimed for (the maximum when a time budget ends the render).</param>
/// <param name="Seconds">Render time so far.</param>
public sealed record RenderStillProgress(int Spp, int TargetSpp, double Seconds);
