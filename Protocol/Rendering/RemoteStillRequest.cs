namespace OrleansBridge.Rendering;

/// <summary>
/// The body of <c>POST /internal/render/still</c> (docs/operations.md, "Render silos"): a session silo
/// asks a render silo to render a committed manifest of an application whose cache both share.
/// </summary>
/// <param name="Application">The application whose (shared) cache holds the scene and receives the image.</param>
/// <param name="Input">The <c>render.still</c> input with <see cref="RenderStillInput.Manifest"/> resolved to a hash.</param>
public sealed record RemoteStillRequest(string Application, RenderStillInput Input);
