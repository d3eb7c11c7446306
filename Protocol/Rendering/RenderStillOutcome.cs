using OrleansBridge.Protocol;

namespace OrleansBridge.Rendering;

/// <summary>A rendered still, or the error code and message of why there is none.</summary>
/// <param name="Error"><see cref="ErrorCode.None"/> on success.</param>
/// <param name="Message">What went wrong, for a person.</param>
/// <param name="Result">The result on success.</param>
public sealed record RenderStillOutcome(ErrorCode Error, string? Message, RenderStillResult? Result)
{
    /// <summary>A success.</summary>
    public static RenderStillOutcome Ok(RenderStillResult result) => new(ErrorCode.None, null, result);

    /// <summary>A failure.</summary>
    public static RenderStillOutcome Fail(ErrorCode error, string message) => new(error, message, null);
}
