namespace OrleansBridge.Rendering;

/// <summary>
/// The answer of <c>POST /internal/render/still</c> with status 200: the result, or the render's own
/// error code (a value, not a transport failure, so the session silo does not retry it elsewhere).
/// </summary>
/// <param name="Result">The stored image and what the render took; null on failure.</param>
/// <param name="Error">The error code (0 on success).</param>
/// <param name="Message">What went wrong.</param>
public sealed record RemoteStillResponse(RenderStillResult? Result, int Error = 0, string? Message = null);
